/**
 * The credentials module: store / update / delete / list tools for CUCM (AXL, OS, phone),
 * IM&P (AXL, OS) and Unity Connection (CUPI, OS), PRODUCT.md §9.
 */
import type { ToolModule } from "../../mcp/service.ts";
import { CREDENTIAL_KINDS, type VaultProduct } from "../../vault/vault.ts";
import { credentialWriteTools } from "./credential-tools.ts";
import { credentialListTool } from "./list-tool.ts";

const products = Object.keys(CREDENTIAL_KINDS) as VaultProduct[];

/** The module as the registry lists it. */
export const credentialsModule: ToolModule = {
  name: "credentials",
  tools: products.flatMap((p) => [
    ...CREDENTIAL_KINDS[p].flatMap((k) => credentialWriteTools(p, k)),
    credentialListTool(p),
  ]),
};
