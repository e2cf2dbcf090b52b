/**
 * `imp_get_version` (PRODUCT.md section 9): the IM&Presence node's version via AXL getCCMVersion
 * (the IM&P AXL interface answers it with its own version; AXL Developer Guide), plus the AXL
 * schema version the bridge negotiated with it.
 */
import * as v from "valibot";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import type { ImpServicesResolver } from "./services.ts";
import { hostOf, impAxlTarget, impHostField, impUpstream, impVersion } from "./shared.ts";

/** The version tool. */
export function impVersionTool(services: ImpServicesResolver): AnyTool {
  return defineTool({
    name: "imp_get_version",
    title: "IM&Presence version",
    description:
      "Returns the IM&Presence version of a node (e.g. 15.0.1.12900(22)) and the AXL schema version used to talk to it. Cheap; a good first call to check that stored IM&P AXL credentials work.",
    input: v.object({ host: impHostField }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product: "imp",
    access: () => ({ service: "axl", product: "imp", operation: "getCCMVersion" }),
    bucket: "axl",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const svc = services(ctx.core);
      const target = impAxlTarget(ctx, svc, host);
      const got = await impUpstream("axl", () => impVersion(svc.axl, target, ctx.signal));
      return toolResult(`${host} runs IM&Presence ${got.version} (AXL schema ${got.axlVersion})`, { host, ...got });
    },
  });
}
