/**
 * The closing steps every guided prompt shares: the findings go into a report with the report
 * tools (src/modules/report), step by step, and the report is exported to PDF for the reader.
 */

/** Steps `step` and `step + 1` of a prompt: build the report in the given sections, then export it. */
export function reportSteps(step: number, title: string, sections: readonly string[]): string[] {
  return [
    `${step}. report_create {title: "${title}", scope: {hosts: [the hosts you checked], period: when you checked}}, then one finding per check above in the sections ${sections.map((s) => `"${s}"`).join(", ")}: status PASS / WARN / FAIL / INFO / N/A, a one-line title, evidence {tool, call, observed: the lines of that tool's answer that prove the status}, and a recommendation for every WARN and FAIL. Add findings as you go with report_create {report_id} rather than all in one call.`,
    `${step + 1}. report_export_pdf {id}; then tell the user the report id, the counts per status, the PDF file (reports/<id>.pdf) and the most urgent actions.`,
  ];
}
