/**
 * A report as Markdown: built as an mdast tree and serialised by mdast-util-to-markdown with the
 * GFM table extension, so titles, hosts and evidence with Markdown characters, pipes or back-ticks
 * are escaped by the serialiser instead of by hand. Layout: title, scope, a summary table of the
 * findings per status, then each section with its findings; evidence goes in code blocks.
 */
import type { Code, Heading, List, Paragraph, PhrasingContent, Root, RootContent, Table, TableRow } from "mdast";
import { gfmTableToMarkdown } from "mdast-util-gfm-table";
import { toMarkdown } from "mdast-util-to-markdown";
import { countByStatus, type Finding, findingsBySection, type Report, STATUSES } from "./model.ts";

const text = (value: string): PhrasingContent => ({ type: "text", value });
const strong = (value: string): PhrasingContent => ({ type: "strong", children: [text(value)] });
const code = (value: string): PhrasingContent => ({ type: "inlineCode", value });
const paragraph = (...children: PhrasingContent[]): Paragraph => ({ type: "paragraph", children });
const heading = (depth: 1 | 2 | 3, value: string): Heading => ({ type: "heading", depth, children: [text(value)] });

function table(header: string[], rows: string[][]): Table {
  const row = (cells: string[]): TableRow => ({
    type: "tableRow",
    children: cells.map((c) => ({ type: "tableCell", children: [text(c)] })),
  });
  return {
    type: "table",
    align: header.map((_, i) => (i === 0 ? "left" : "right")),
    children: [row(header), ...rows.map(row)],
  };
}

function findingNodes(f: Finding): RootContent[] {
  const nodes: RootContent[] = [heading(3, `${f.id} [${f.status}] ${f.title}`)];
  const source: PhrasingContent[] = [strong("Evidence"), text(" from "), code(f.evidence.tool)];
  if (f.evidence.call) source.push(text(": "), code(f.evidence.call.replaceAll("\n", " ")));
  nodes.push(paragraph(...source));
  if (f.evidence.observed.trim() !== "") {
    const block: Code = { type: "code", lang: "text", value: f.evidence.observed.replace(/\s+$/, "") };
    nodes.push(block);
  }
  if (f.recommendation) nodes.push(paragraph(strong("Recommendation:"), text(` ${f.recommendation}`)));
  return nodes;
}

/** The mdast tree of a report. */
function reportTree(report: Report): Root {
  const counts = countByStatus(report.findings);
  const scope: List = {
    type: "list",
    ordered: false,
    spread: false,
    children: [
      ["Hosts", report.scope.hosts.length > 0 ? report.scope.hosts.join(", ") : "(none named)"],
      ["Period", report.scope.period ?? "(not stated)"],
      ["Created", report.createdAt],
      ["Updated", report.updatedAt],
      ["Report id", report.id],
    ].map(([k, val]) => ({
      type: "listItem",
      spread: false,
      children: [paragraph(strong(`${k}:`), text(` ${val}`))],
    })),
  };
  const children: RootContent[] = [heading(1, report.title), scope];
  if (report.summary) children.push(paragraph(text(report.summary)));
  children.push(
    heading(2, "Summary"),
    table(
      ["Status", "Findings"],
      [...STATUSES.map((s) => [s, String(counts[s])]), ["Total", String(report.findings.length)]],
    ),
  );
  for (const { section, findings } of findingsBySection(report)) {
    if (findings.length === 0 && !section.description) continue;
    children.push(heading(2, section.title));
    if (section.description) children.push(paragraph(text(section.description)));
    const per = countByStatus(findings);
    const line = STATUSES.filter((s) => per[s] > 0)
      .map((s) => `${s} ${per[s]}`)
      .join(", ");
    if (line) children.push(paragraph(text(line)));
    for (const f of findings) children.push(...findingNodes(f));
  }
  return { type: "root", children };
}

/** The report as GitHub-flavoured Markdown. */
export function renderMarkdown(report: Report): string {
  return toMarkdown(reportTree(report), { extensions: [gfmTableToMarkdown()], bullet: "-", fences: true });
}
