/**
 * `cucm_get_version` (PRODUCT.md section 9): the node's full CUCM version via AXL getCCMVersion
 * (AXL Developer Guide), plus the AXL schema version the bridge negotiated with it.
 */
import * as v from "valibot";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import { axlReturn } from "../../protocols/axl/client.ts";
import { objectOf, textOf } from "../../protocols/soap/shape.ts";
import { hostField, type Services, upstream } from "./shared.ts";
import { axlTarget, hostOf } from "./targets.ts";

/** The version tool. */
export function versionTool(services: Services): AnyTool {
  return defineTool({
    name: "cucm_get_version",
    title: "CUCM version",
    description:
      "Returns the Unified CM version of a node (e.g. 15.0.1.12900(34)) and the AXL schema version used to talk to it. Cheap; a good first call to check that stored AXL credentials work.",
    input: v.object({ host: hostField }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product: "cucm",
    access: () => ({ service: "axl", product: "cucm", operation: "getCCMVersion" }),
    bucket: "axl",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const svc = services(ctx.core);
      const target = axlTarget(ctx, svc, host);
      const res = await upstream("axl", () => svc.axl.call(target, "getCCMVersion", {}, { signal: ctx.signal }));
      const version = textOf(objectOf(objectOf(axlReturn(res))["componentVersion"])["version"]) ?? "";
      return toolResult(`${host} runs CUCM ${version} (AXL schema ${res.version})`, {
        host,
        version,
        axlVersion: res.version,
      });
    },
  });
}
