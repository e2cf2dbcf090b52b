/**
 * Helpers every IM&Presence tool shares: the `host` field, the AXL target built from the
 * CALLER's own `imp` AXL credential (a port stored with it overrides SERVER_IMP_AXL_PORT), the
 * version read from getCCMVersion, and `impUpstream`, which maps protocol failures to the tool
 * layer's typed errors once (src/protocols/tool-errors.ts) with IM&P tool names in the hints.
 */
import type { ToolContext } from "../../mcp/tool.ts";
import { type AxlClient, type AxlTarget, axlReturn } from "../../protocols/axl/client.ts";
import { objectOf, textOf } from "../../protocols/soap/shape.ts";
import { toToolError } from "../../protocols/tool-errors.ts";
import { productHostField } from "../cucm/ssh-product.ts";
import { hostOf, productAxlTarget } from "../cucm/targets.ts";
import type { ImpServices } from "./services.ts";

export { hostOf };

/** The `host` field of every IM&P tool. */
export const impHostField = productHostField("imp");

/** AXL target for `host` with the caller's IM&P AXL credentials, or CredentialsMissingError. */
export function impAxlTarget(ctx: ToolContext, svc: ImpServices, host: string): AxlTarget {
  return productAxlTarget(ctx, svc, "imp", host);
}

/** The node's version via AXL getCCMVersion (IM&P answers it with its own version) and the AXL schema used. */
export async function impVersion(
  axl: AxlClient,
  target: AxlTarget,
  signal: AbortSignal,
): Promise<{ version: string; axlVersion: string }> {
  const res = await axl.call(target, "getCCMVersion", {}, { signal });
  const version = textOf(objectOf(objectOf(axlReturn(res))["componentVersion"])["version"]) ?? "";
  return { version, axlVersion: res.version };
}

/** Runs `fn`, turning protocol errors into ToolErrors for the given credential kind. */
export async function impUpstream<T>(kind: "axl" | "os", fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toToolError(err, { product: "imp", kind });
  }
}
