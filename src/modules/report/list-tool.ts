/** `report_list`: the caller's reports, newest first, a page at a time. */
import * as v from "valibot";
import { defineTool, toolResult } from "../../mcp/tool.ts";
import type { ReportDeps } from "./deps.ts";
import { countByStatus, STATUSES } from "./model.ts";
import { openReportStore } from "./store.ts";

const input = v.object({
  offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 20),
});

/** The tool. */
export function listTool(deps: ReportDeps) {
  return defineTool({
    name: "report_list",
    title: "List reports",
    description: "Your reports, newest first, with findings per status; paged by offset/limit.",
    input,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    answer: { textIncludesData: true },
    output: v.object({
      total: v.number(),
      offset: v.number(),
      next: v.optional(v.number()),
      reports: v.array(v.unknown()),
    }),
    bucket: "report",
    async handler(args, ctx) {
      const store = openReportStore(deps.clientsDir, ctx.principal.clientName, deps.limits);
      const all = store.list();
      const page = all.slice(args.offset, args.offset + args.limit).map((r) => ({
        id: r.id,
        title: r.title,
        createdAt: r.createdAt,
        hosts: r.scope.hosts,
        findings: r.findings.length,
        counts: countByStatus(r.findings),
        pdf: Bun.file(store.artifactPath(r.id, "pdf")).size > 0,
      }));
      const next = args.offset + page.length < all.length ? args.offset + page.length : undefined;
      const lines = page.map(
        (r) =>
          `${r.id} | ${r.title} | ${r.createdAt} | ${STATUSES.map((s) => `${s} ${r.counts[s]}`).join(", ")}${r.pdf ? " | pdf" : ""}`,
      );
      const head = `${all.length} reports; showing ${page.length} from offset ${args.offset}${next !== undefined ? ` (next page: offset ${next})` : ""}.`;
      return toolResult([head, ...lines].join("\n"), { total: all.length, offset: args.offset, next, reports: page });
    },
  });
}
