/** `report_get`: one report of the caller, as Markdown (default) or as its JSON. */
import * as v from "valibot";
import { defineTool, toolResult } from "../../mcp/tool.ts";
import type { ReportDeps } from "./deps.ts";
import { renderMarkdown } from "./markdown.ts";
import { countByStatus, REPORT_ID } from "./model.ts";
import { openReportStore } from "./store.ts";

const input = v.object({
  id: v.pipe(v.string(), v.regex(REPORT_ID, "id is not a report id (see report_list)")),
  format: v.optional(v.picklist(["markdown", "json"]), "markdown"),
});

/** The tool. */
export function getTool(deps: ReportDeps) {
  return defineTool({
    name: "report_get",
    title: "Read a report",
    description: "One of your reports as Markdown, or as JSON with every finding.",
    input,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    answer: { textIncludesData: true },
    output: v.object({
      id: v.string(),
      title: v.string(),
      counts: v.record(v.string(), v.number()),
      report: v.unknown(),
    }),
    bucket: "report",
    async handler(args, ctx) {
      const report = openReportStore(deps.clientsDir, ctx.principal.clientName, deps.limits).get(args.id);
      const text = args.format === "json" ? JSON.stringify(report) : renderMarkdown(report);
      return toolResult(text, {
        id: report.id,
        title: report.title,
        counts: countByStatus(report.findings),
        ...(args.format === "json" ? { report } : {}),
      });
    },
  });
}
