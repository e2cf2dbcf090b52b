/**
 * What a report is: a title, a scope (which hosts, which period), sections, and findings. Each
 * finding has a status (PASS / WARN / FAIL / INFO / N/A), a title, the evidence (what was
 * observed and from which tool call) and a recommendation. The same valibot shapes validate the
 * tools' input and the files read back from disk.
 */
import * as v from "valibot";

/** The finding statuses, in the order every summary lists them. */
export const STATUSES = ["PASS", "WARN", "FAIL", "INFO", "N/A"] as const;
export type Status = (typeof STATUSES)[number];

/** The section a finding goes to when it names none. */
export const DEFAULT_SECTION = "General";

/** A report id: lowercase letters, digits and dashes, so it is always a safe file name. */
export const REPORT_ID = /^[a-z0-9][a-z0-9-]{2,79}$/;

const line = (max: number, what: string) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, `${what} must not be empty`),
    v.maxLength(max, `${what} is longer than ${max} characters`),
  );

export const statusField = v.picklist(STATUSES, `status must be one of ${STATUSES.join(", ")}`);

export const findingInput = v.object({
  status: statusField,
  title: v.pipe(line(300, "the finding title"), v.description("what was checked, and the outcome")),
  section: v.optional(v.pipe(line(200, "section"), v.description(`created if new; default ${DEFAULT_SECTION}`))),
  evidence: v.object({
    tool: v.pipe(line(200, "evidence.tool"), v.description("e.g. cucm_risport_query")),
    call: v.optional(v.pipe(v.string(), v.maxLength(2000), v.description("its arguments, e.g. the SQL"))),
    observed: v.pipe(
      v.string(),
      v.maxLength(20_000, "evidence.observed is longer than 20000 characters; keep the relevant lines"),
      v.description("the relevant lines it returned"),
    ),
  }),
  recommendation: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(4000), v.description("what to do"))),
});
export type FindingInput = v.InferOutput<typeof findingInput>;

export const sectionInput = v.object({
  title: line(200, "section title"),
  description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(4000))),
});

export const scopeInput = v.object({
  hosts: v.pipe(v.array(line(255, "host")), v.maxLength(200), v.description("hosts examined")),
  period: v.optional(v.pipe(line(200, "period"), v.description("when the evidence was gathered"))),
});

const finding = v.object({ id: v.string(), ...findingInput.entries, section: v.string() });
export type Finding = v.InferOutput<typeof finding>;
const section = v.object({ title: v.string(), description: v.optional(v.string()) });
export type Section = v.InferOutput<typeof section>;

/** A stored report (the JSON file). */
export const storedReport = v.object({
  id: v.pipe(v.string(), v.regex(REPORT_ID)),
  title: v.string(),
  summary: v.optional(v.string()),
  scope: v.object({ hosts: v.array(v.string()), period: v.optional(v.string()) }),
  createdAt: v.string(),
  updatedAt: v.string(),
  sections: v.array(section),
  findings: v.array(finding),
});
export type Report = v.InferOutput<typeof storedReport>;

/** Findings per status, every status present (0 when none). */
export function countByStatus(findings: readonly Pick<Finding, "status">[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const f of findings) counts[f.status] += 1;
  return counts;
}

/** The sections in report order, each with its findings (sections without findings included). */
export function findingsBySection(report: Report): Array<{ section: Section; findings: Finding[] }> {
  return report.sections.map((section) => ({
    section,
    findings: report.findings.filter((f) => f.section === section.title),
  }));
}
