/**
 * Helpers every Unity Connection tool shares: the `host` input field, the CUPI target built from
 * the CALLER's own vault entry (PRODUCT.md section 9: `cuc_store_credentials` stores the CUPI
 * credentials; a port stored with them overrides SERVER_CUC_CUPI_PORT), and `cupiUpstream`, which
 * maps protocol failures to the tool layer's typed errors once (src/protocols/tool-errors.ts).
 */
import * as v from "valibot";
import { CredentialsMissingError } from "../../mcp/errors.ts";
import type { ToolContext } from "../../mcp/tool.ts";
import type { CupiTarget } from "../../protocols/cupi/client.ts";
import { toToolError } from "../../protocols/tool-errors.ts";
import { hostOf } from "../cucm/targets.ts";
import type { CucServices } from "./services.ts";

export { hostOf };

/** The `host` field of every Unity Connection tool. */
export const cucHostField = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(253),
  v.description("Unity Connection publisher host name or IP address, as stored with cuc_store_credentials"),
);

/** CUPI target for `host` with the caller's CUPI credentials, or CredentialsMissingError. */
export function cupiTarget(ctx: ToolContext, svc: CucServices, host: string): CupiTarget {
  const cred = ctx.vault.get("cuc", "cupi", host);
  if (cred === undefined) throw new CredentialsMissingError("cuc", "cupi", host);
  return {
    host,
    port: cred.port ?? svc.settings.httpsPort,
    username: cred.username,
    password: cred.password,
    timeoutMs: svc.settings.requestTimeoutMs,
    tls: svc.tls,
  };
}

/** Runs `fn`, turning protocol errors into ToolErrors for the given credential kind. */
export async function cucUpstream<T>(kind: "cupi" | "os", fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toToolError(err, { product: "cuc", kind });
  }
}
