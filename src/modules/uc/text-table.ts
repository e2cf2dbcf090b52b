/**
 * A compact text table for tool results: the model often sees only the text block, so the rows
 * go there too, tab-separated with a header, capped with a note saying how many were left out.
 */

/** Renders `rows` under `header`; at most `max` rows, then a line saying how many more exist. */
export function textTable(header: string[], rows: Array<Array<string | number>>, max = 200): string {
  const shown = rows.slice(0, max).map((r) => r.join("\t"));
  const more = rows.length > max ? [`… ${rows.length - max} more rows; narrow the request to see them`] : [];
  return [header.join("\t"), ...shown, ...more].join("\n");
}
