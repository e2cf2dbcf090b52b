/**
 * Runs AXL's SQL operations against the lab database: `executeSQLQuery` (SELECT only; rows with
 * lowercase column names, NULL as empty) and `executeSQLUpdate` (INSERT/UPDATE/DELETE; rows
 * changed). Enforces CUCM's read throttle: a result above the response cap (8 MB on a real node)
 * is refused with the -1 "Query request too large" fault and a row count the client can split by
 * (AXL Developer Guide, "AXL throttling").
 */
import type { Database } from "bun:sqlite";
import { LAB_PATTERNS } from "../../../util/patterns.ts";
import { InformixError, sqlVerb, toInformixError, translateInformix } from "./informix.ts";

/** One result row: column name → text (empty for NULL). */
export type SqlRow = Array<[string, string]>;

/** Rough XML size of a row as AXL would send it. */
function rowBytes(row: SqlRow): number {
  let n = 11;
  for (const [k, v] of row) n += 2 * k.length + 5 + Buffer.byteLength(v);
  return n;
}

/** Runs a SELECT; throws InformixError on bad SQL or when the answer would pass `maxBytes`. */
export function runSqlQuery(db: Database, sql: string, maxBytes: number): SqlRow[] {
  const verb = sqlVerb(sql);
  if (verb !== "select") {
    throw new InformixError(-1, "executeSQLQuery only accepts SELECT statements; use executeSQLUpdate to change data.");
  }
  let raw: Array<Record<string, unknown>>;
  let columns: string[];
  try {
    const statement = db.prepare(translateInformix(sql));
    columns = statement.columnNames.map(columnName);
    raw = statement.values() as unknown as Array<Record<string, unknown>>;
  } catch (error) {
    throw toInformixError(error);
  }
  const rows: SqlRow[] = [];
  let total = 0;
  for (const values of raw as unknown as unknown[][]) {
    const row: SqlRow = columns.map((c, i) => [c, text(values[i])]);
    total += rowBytes(row);
    rows.push(row);
  }
  if (total > maxBytes && rows.length > 0) {
    const perRow = total / rows.length;
    const suggest = Math.max(1, Math.floor(maxBytes / perRow));
    throw new InformixError(
      -1,
      `Query request too large. Total rows matched: ${rows.length} rows. Suggestive Row Fetch: less than ${suggest} rows`,
    );
  }
  return rows;
}

/** Runs an INSERT/UPDATE/DELETE; returns the number of rows changed. */
export function runSqlUpdate(db: Database, sql: string): number {
  const verb = sqlVerb(sql);
  if (verb !== "insert" && verb !== "update" && verb !== "delete") {
    throw new InformixError(-1, "executeSQLUpdate only accepts INSERT, UPDATE and DELETE statements.");
  }
  try {
    return db.prepare(translateInformix(sql)).run().changes;
  } catch (error) {
    throw toInformixError(error);
  }
}

function columnName(name: string): string {
  const lower = name.toLowerCase();
  if (LAB_PATTERNS.xmlName.test(lower)) return lower;
  return LAB_PATTERNS.leadingIdentifier.exec(lower)?.[0] ?? "expression";
}

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  return String(value);
}
