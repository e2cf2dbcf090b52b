/**
 * `cucm_download_ris_toolkit` (admin only): fetches the RisPort70 WSDL (`?wsdl`) from the
 * customer's own node into the RIS schema cache, as a reference for the RIS fields
 * (cucm_risport_query works without it). Written atomically.
 */
import * as v from "valibot";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import { downloadRisWsdl } from "../../protocols/ris/wsdl-download.ts";
import { TOOLKIT_ANNOTATIONS, writeSchemaFile } from "../uc/axl-toolkit-tool.ts";
import { hostField, hostOf, risTarget } from "../uc/targets.ts";
import type { CucmDeps } from "./deps.ts";

/** The RisPort70 WSDL download. */
export function risToolkitTool(deps: CucmDeps): AnyTool {
  return defineTool({
    name: "cucm_download_ris_toolkit",
    title: "Download the RisPort70 WSDL from a node",
    description: "Admin: caches the node's RisPort70 WSDL (reference only).",
    input: v.object({ host: hostField("cucm") }),
    annotations: TOOLKIT_ANNOTATIONS,
    product: "cucm",
    service: "ris",
    restricted: true,
    access: () => ({ service: "ris" }),
    bucket: "ris",
    host: (i) => i.host,
    answer: { textIncludesData: true },
    output: v.object({ host: v.string(), bytes: v.number() }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const t = risTarget(ctx.vault, deps, host);
      const res = await downloadRisWsdl(
        { fetch: deps.fetch, writeFile: writeSchemaFile },
        { ...t, schemasDir: deps.risSchemasDir },
      );
      ctx.audit.event("toolkit.downloaded", { client: ctx.principal.clientName, host, kind: "ris" });
      return toolResult(`Cached the RisPort70 WSDL from ${host} (${res.bytes} bytes)`, { host, ...res });
    },
  });
}
