/** `report_delete` (restricted: administrators): removes a report with its Markdown and PDF. */
import * as v from "valibot";
import { defineTool, toolResult } from "../../mcp/tool.ts";
import type { ReportDeps } from "./deps.ts";
import { REPORT_ID } from "./model.ts";
import { openReportStore } from "./store.ts";

const input = v.object({ id: v.pipe(v.string(), v.regex(REPORT_ID, "id is not a report id (see report_list)")) });

/** The tool. */
export function deleteTool(deps: ReportDeps) {
  return defineTool({
    name: "report_delete",
    title: "Delete a report",
    description: "Deletes one of your reports with its exports.",
    input,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    answer: { textIncludesData: true },
    output: v.object({ id: v.string(), removed: v.array(v.string()) }),
    restricted: true,
    bucket: "report",
    action: (i) => ({ report: i.id }),
    async handler(args, ctx) {
      const removed = openReportStore(deps.clientsDir, ctx.principal.clientName, deps.limits).remove(args.id);
      ctx.audit.event("report.deleted", { client: ctx.principal.clientName, report: args.id });
      return toolResult(`Deleted report ${args.id} (${removed.join(", ")}).`, { id: args.id, removed });
    },
  });
}
