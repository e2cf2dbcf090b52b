/**
 * Cisco's flat-file CDR and CMR format (CUCM CDR Administration Guide, "CDR file format"): comma
 * separated; line 1 the field names, line 2 each field's type (INTEGER, VARCHAR(n),
 * UNIQUEIDENTIFIER…), then one record per line. Strings are double-quoted (a quote inside doubled),
 * integers bare, an empty integer means "not set". INTEGER fields become numbers (null when empty),
 * every other type stays text. A record of the wrong width is skipped and counted, not fatal: one
 * damaged line must not hide the rest of a file.
 */

/** A value of a record. */
export type CdrValue = string | number | null;

/** A parsed file. */
export interface CdrTable {
  fields: string[];
  types: string[];
  records: Array<Record<string, CdrValue>>;
  /** Lines whose width did not match the header (1-based line numbers, first ten). */
  skipped: { count: number; lines: number[] };
}

/** The text is not a CDR/CMR file at all. */
export class CdrFormatError extends Error {
  override readonly name = "CdrFormatError";
}

/** Splits CSV text into rows of raw cells, honouring quotes (commas and line breaks inside them). */
function rowsOf(text: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let touched = false;
  const endRow = () => {
    if (touched || cells.length > 0) rows.push({ line: rowLine, cells: [...cells, cell] });
    cells = [];
    cell = "";
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') {
      quoted = true;
      touched = true;
    } else if (c === ",") {
      cells.push(cell);
      cell = "";
      touched = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += c;
      touched = true;
    }
  }
  endRow();
  return rows;
}

/** Parses one CDR or CMR file. */
export function parseCdrCsv(text: string): CdrTable {
  const rows = rowsOf(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const [head, typeRow, ...data] = rows;
  if (!head || !typeRow || !head.cells.includes("cdrRecordType"))
    throw new CdrFormatError(
      "not a CDR/CMR file: line 1 must name the fields (cdrRecordType first), line 2 their types",
    );
  const fields = head.cells;
  const types = typeRow.cells.map((t) => t.trim().toUpperCase());
  if (types.length !== fields.length)
    throw new CdrFormatError(`line 2 has ${types.length} types for ${fields.length} fields`);
  const records: CdrTable["records"] = [];
  const skipped = { count: 0, lines: [] as number[] };
  for (const row of data) {
    if (row.cells.length !== fields.length) {
      skipped.count++;
      if (skipped.lines.length < 10) skipped.lines.push(row.line);
      continue;
    }
    const record: Record<string, CdrValue> = {};
    fields.forEach((field, i) => {
      const raw = row.cells[i] as string;
      if (types[i] === "INTEGER" || types[i] === "BIGINT") {
        const n = Number(raw.trim());
        record[field] = raw.trim() === "" || !Number.isFinite(n) ? null : n;
      } else record[field] = raw;
    });
    records.push(record);
  }
  return { fields, types, records, skipped };
}
