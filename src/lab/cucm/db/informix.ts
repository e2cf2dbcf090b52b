/**
 * Informix → SQLite translation for `executeSQLQuery` / `executeSQLUpdate` (AXL Developer Guide,
 * "executeSQLQuery": the SQL is Informix SQL). Covers what AXL clients actually send: the
 * `SELECT SKIP n FIRST m` paging idiom (→ `LIMIT m OFFSET n`), `SELECT UNIQUE` (→ DISTINCT), `nvl()`
 * (→ `ifnull()`), `TODAY` (→ `date('now')`) and `::type` casts (dropped). SQLite errors are mapped to the Informix error codes a real CUCM reports.
 */
import { LAB_PATTERNS } from "../../../util/patterns.ts";

/** An SQL error as CUCM reports it: Informix code (negative) and message. */
export class InformixError extends Error {
  override readonly name = "InformixError";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Translates one Informix statement to SQLite. */
export function translateInformix(sql: string): string {
  let text = sql.replace(LAB_PATTERNS.trailingSemicolon, "");
  let limit = "";
  const paging = LAB_PATTERNS.informixPaging.exec(text);
  if (paging && (paging[2] !== undefined || paging[3] !== undefined)) {
    text = (paging[1] ?? "select ") + text.slice(paging[0].length);
    const skip = paging[2] ?? "0";
    limit = ` LIMIT ${paging[3] ?? "-1"} OFFSET ${skip}`;
  }
  text = text
    .replace(LAB_PATTERNS.informixUnique, "$1distinct")
    .replace(LAB_PATTERNS.informixNvl, "ifnull(")
    .replace(LAB_PATTERNS.informixCast, "")
    .replace(LAB_PATTERNS.informixToday, "date('now')");
  return text + limit;
}

/** The first keyword of a statement, lowercased (`select`, `update`, ...). */
export function sqlVerb(sql: string): string {
  return (LAB_PATTERNS.sqlVerb.exec(sql)?.[1] ?? "").toLowerCase();
}

/** Maps an error thrown by bun:sqlite to the Informix error CUCM would return. */
export function toInformixError(error: unknown): InformixError {
  const message = error instanceof Error ? error.message : String(error);
  const table = LAB_PATTERNS.sqliteNoTable.exec(message);
  if (table) return new InformixError(-206, `The specified table (${table[1]}) is not in the database.`);
  const column = LAB_PATTERNS.sqliteNoColumn.exec(message);
  if (column)
    return new InformixError(-217, `Column (${column[1]}) not found in any table in the query (or SLV is undefined).`);
  if (message.includes("UNIQUE constraint")) {
    return new InformixError(
      -239,
      "Could not insert new row - duplicate value in a UNIQUE INDEX column (Unique Index:).",
    );
  }
  if (message.includes("FOREIGN KEY constraint")) {
    return new InformixError(-691, "Missing key in referenced table for referential constraint.");
  }
  if (message.includes("NOT NULL constraint")) return new InformixError(-391, "Cannot insert a null into column.");
  return new InformixError(-201, "A syntax error has occurred.");
}
