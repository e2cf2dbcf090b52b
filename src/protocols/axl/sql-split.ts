/**
 * Transparent splitting of `executeSQLQuery` when CUCM refuses an answer over 8 MB with
 * "Query request too large. Total rows matched: N rows. Suggestive Row Fetch: less than M rows"
 * (AXL Developer Guide, "AXL throttling", read requests; also worded "Suggested row fetch"). The query is re-issued as Informix
 * `SELECT SKIP s FIRST f …` chunks (IBM Informix Guide to SQL: Syntax, "Projection clause").
 */
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";

/** What the fault said. */
export interface TooLargeInfo {
  totalRows: number;
  /** Rows per chunk that CUCM suggests ("less than M"). */
  suggestedRows: number;
}

/** Reads the row counts from the fault text, or undefined when it is another fault. */
export function parseTooLarge(message: string): TooLargeInfo | undefined {
  if (!PROTOCOL_PATTERNS.axlQueryTooLarge.test(message)) return undefined;
  const m = PROTOCOL_PATTERNS.axlTooLarge.exec(message);
  if (!m) return { totalRows: 0, suggestedRows: 0 };
  return { totalRows: Number(m[1]), suggestedRows: Number(m[2]) };
}

/** The chunk size to use: 90 % of "less than M" (CUCM's estimate is by average row size). */
export function chunkSize(info: TooLargeInfo): number {
  return Math.max(1, Math.floor((info.suggestedRows - 1) * 0.9));
}

/** True when the SQL can be split: a plain SELECT without its own SKIP/FIRST/LIMIT. */
export function canSplit(sql: string): boolean {
  return PROTOCOL_PATTERNS.sqlSelectHead.test(sql) && !PROTOCOL_PATTERNS.sqlAlreadyPaged.test(sql);
}

/** `SELECT COUNT(*) FROM (query)`: the rows a query matches (its ORDER BY dropped, it changes nothing). */
export function countSql(sql: string): string {
  const inner = sql.trim().replace(PROTOCOL_PATTERNS.sqlTrailingOrderBy, "");
  return `SELECT COUNT(*) AS total FROM (${inner})`;
}

/** Rewrites `SELECT …` into `SELECT SKIP skip FIRST first …`. */
export function pagedSql(sql: string, skip: number, first: number): string {
  return sql.replace(PROTOCOL_PATTERNS.sqlSelectHead, (head) => `${head} SKIP ${skip} FIRST ${first}`);
}
