/**
 * The credentials module: store / update / delete tools for every (product, credential kind) of
 * the product table, and one list tool per product. Everything they touch is the caller's own
 * vault, which the context carries.
 */
import type { ToolModule } from "../../mcp/service.ts";
import { PRODUCT_NAMES, PRODUCTS } from "../uc/products.ts";
import { credentialWriteTools } from "./credential-tools.ts";
import { credentialListTool } from "./list-tool.ts";

/** Builds the module. */
export function create(): ToolModule {
  return {
    name: "credentials",
    tools: PRODUCT_NAMES.flatMap((p) => [
      ...PRODUCTS[p].credentials.flatMap((k) => credentialWriteTools(p, k)),
      credentialListTool(p),
    ]),
  };
}
