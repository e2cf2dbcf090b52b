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

/** Translates one Informix statement to SQLite; refuses SQLite-only syntax as Informix would. */
export function translateInformix(sql: string): string {
  let text = sql.replace(LAB_PATTERNS.trailingSemicolon, "");
  // Informix puts LIMIT right after SELECT; a trailing LIMIT is SQLite's form and a syntax error.
  if (LAB_PATTERNS.trailingLimit.test(text)) throw new InformixError(-201, "A syntax error has occurred.");
  const foreign = LAB_PATTERNS.sqliteOnlyFunction.exec(text);
  if (foreign) throw new InformixError(-674, `Routine (${foreign[1]?.toLowerCase()}) can not be resolved.`);
  text = outerJoins(text);
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
    .replace(LAB_PATTERNS.informixToday, "date('now')")
    .replace(LAB_PATTERNS.informixCurrent, "datetime('now')");
  return text + limit;
}

/**
 * Informix's legacy outer join, `FROM a, OUTER b WHERE a.x = b.y AND …`: the WHERE conditions that
 * name the outer table move into the ON clause of a LEFT OUTER JOIN, which is what the legacy form
 * means (rows of `a` without a match keep NULLs for `b`).
 */
function outerJoins(sql: string): string {
  let text = sql;
  for (let guard = 0; guard < 8; guard++) {
    const m = LAB_PATTERNS.informixOuter.exec(text);
    if (!m) return text;
    const table = m[1] ?? "";
    const alias = m[2] ?? table;
    const before = text.slice(0, m.index);
    let after = text.slice(m.index + m[0].length);
    const where = /\bwhere\b/i.exec(after);
    let on = "1 = 1";
    if (where) {
      const rest = after.slice(where.index + where[0].length);
      const end = /\b(?:group\s+by|order\s+by|having|union)\b/i.exec(rest);
      const clause = end ? rest.slice(0, end.index) : rest;
      const tail = end ? rest.slice(end.index) : "";
      const parts = clause.split(/\s+and\s+/i).map((p) => p.trim());
      const mentions = new RegExp(`\\b${alias}\\.`, "i");
      const joined = parts.filter((p) => mentions.test(p));
      const kept = parts.filter((p) => !mentions.test(p));
      if (joined.length > 0) on = joined.join(" AND ");
      after = `${after.slice(0, where.index)}${kept.length > 0 ? `where ${kept.join(" AND ")} ` : ""}${tail}`;
    }
    text = `${before} LEFT OUTER JOIN ${table} ${alias} ON ${on}${after.startsWith(" ") ? "" : " "}${after}`;
  }
  return text;
}

/** The first keyword of a statement, lowercased (`select`, `update`, ...). */
export function sqlVerb(sql: string): string {
  return (LAB_PATTERNS.sqlVerb.exec(sql)?.[1] ?? "").toLowerCase();
}

/** Maps an error thrown by bun:sqlite to the Informix error CUCM would return. */
export function toInformixError(error: unknown): InformixError {
  if (error instanceof InformixError) return error;
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
