/**
 * `report_create`: starts a report, or (with `report_id`) appends sections and findings to one,
 * so a long health check is saved step by step instead of in one huge call. The Markdown copy
 * next to the report is rewritten after every change.
 */
import * as v from "valibot";
import { ValidationError } from "../../mcp/errors.ts";
import { defineTool, toolResult } from "../../mcp/tool.ts";
import type { ReportDeps } from "./deps.ts";
import { renderMarkdown } from "./markdown.ts";
import { countByStatus, findingInput, REPORT_ID, STATUSES, scopeInput, sectionInput } from "./model.ts";
import { openReportStore } from "./store.ts";

const MAX_FINDINGS_PER_CALL = 200;

const input = v.object({
  report_id: v.optional(
    v.pipe(
      v.string(),
      v.regex(REPORT_ID, "report_id is not a report id (see report_list)"),
      v.description("append to this report"),
    ),
  ),
  title: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200), v.description("for a new report"))),
  summary: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(4000), v.description("short conclusion"))),
  scope: v.optional(scopeInput),
  sections: v.optional(v.pipe(v.array(sectionInput), v.maxLength(100))),
  findings: v.optional(
    v.pipe(
      v.array(findingInput),
      v.maxLength(
        MAX_FINDINGS_PER_CALL,
        `at most ${MAX_FINDINGS_PER_CALL} findings per call; append the rest with report_id`,
      ),
    ),
  ),
});

/** The tool. */
export function createTool(deps: ReportDeps) {
  return defineTool({
    name: "report_create",
    title: "Create or extend a report",
    description: `Saves findings in a report of yours (Markdown, PDF export); add more later with report_id.`,
    input,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    answer: { textIncludesData: true },
    output: v.object({
      id: v.string(),
      title: v.string(),
      findings: v.number(),
      counts: v.record(v.string(), v.number()),
      sections: v.array(v.string()),
    }),
    bucket: "report",
    action: (i) => ({
      report: i.report_id ?? "new",
      ...(i.title === undefined ? {} : { title: i.title.slice(0, 80) }),
      findings: i.findings?.length ?? 0,
    }),
    async handler(args, ctx) {
      const store = openReportStore(deps.clientsDir, ctx.principal.clientName, deps.limits);
      const now = deps.now();
      const addition = { sections: args.sections, findings: args.findings };
      let report: ReturnType<typeof store.get>;
      if (args.report_id !== undefined) {
        if (args.title !== undefined || args.scope !== undefined || args.summary !== undefined)
          throw new ValidationError("Invalid input for report_create", [
            "title/scope/summary: set only when creating a report; with report_id send sections and findings",
          ]);
        report = store.append(args.report_id, addition, now);
      } else {
        const issues = [
          ...(args.title === undefined ? ["title: required for a new report (or pass report_id to append)"] : []),
          ...(args.scope === undefined ? ["scope: required for a new report: {hosts: [...], period}"] : []),
        ];
        if (issues.length > 0 || args.title === undefined || args.scope === undefined)
          throw new ValidationError("Invalid input for report_create", issues);
        report = store.create({ ...addition, title: args.title, summary: args.summary, scope: args.scope }, now);
      }
      store.writeArtifact(report.id, "md", renderMarkdown(report));
      const counts = countByStatus(report.findings);
      const added = args.findings?.length ?? 0;
      const countText = STATUSES.map((s) => `${s} ${counts[s]}`).join(", ");
      return toolResult(
        `${args.report_id ? "Appended to" : "Created"} report ${report.id} "${report.title}": +${added} findings, now ${report.findings.length} (${countText}) in ${report.sections.length} sections. Add more with report_create {report_id: "${report.id}"}; read it with report_get, export it with report_export_pdf.`,
        {
          id: report.id,
          title: report.title,
          findings: report.findings.length,
          counts,
          sections: report.sections.map((s) => s.title),
        },
      );
    },
  });
}
