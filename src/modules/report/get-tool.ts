/** `report_get`: one report of the caller, as Markdown (default) or as its JSON. */
import * as v from "valibot";
import { NotFoundError } from "../../mcp/errors.ts";
import { defineTool, toolResult } from "../../mcp/tool.ts";
import type { ReportDeps } from "./deps.ts";
import { renderMarkdown } from "./markdown.ts";
import { countByStatus, REPORT_ID, type Report } from "./model.ts";
import { openReportStore } from "./store.ts";

const input = v.object({
  id: v.pipe(v.string(), v.regex(REPORT_ID, "id is not a report id (see report_list)")),
  format: v.optional(v.picklist(["markdown", "json"]), "markdown"),
  section: v.optional(
    v.pipe(v.string(), v.minLength(1), v.maxLength(200), v.description("Only this section (for a long report).")),
  ),
});

/** The tool. */
export function getTool(deps: ReportDeps) {
  return defineTool({
    name: "report_get",
    title: "Read a report",
    description: "One of your reports as Markdown (or JSON with every finding); section reads one section.",
    input,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    answer: {
      textIncludesData: true,
      paging: "read one section at a time with section, or the whole Markdown as resource report://<id>",
    },
    output: v.object({
      id: v.string(),
      title: v.string(),
      counts: v.record(v.string(), v.number()),
      report: v.unknown(),
    }),
    bucket: "report",
    action: (i) => ({ report: i.id, format: i.format, ...(i.section === undefined ? {} : { section: i.section }) }),
    async handler(args, ctx) {
      const whole = openReportStore(deps.clientsDir, ctx.principal.clientName, deps.limits).get(args.id);
      const report = args.section === undefined ? whole : onlySection(whole, args.section);
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

/** The report cut down to one section (its counts are that section's). */
function onlySection(report: Report, title: string): Report {
  const section = report.sections.find((s) => s.title === title);
  if (section === undefined)
    throw new NotFoundError(
      `Report ${report.id} has no section "${title}"`,
      `Its sections: ${report.sections.map((s) => s.title).join(", ")}.`,
    );
  return { ...report, sections: [section], findings: report.findings.filter((f) => f.section === title) };
}
