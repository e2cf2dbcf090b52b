/**
 * executeSQLQuery / executeSQLUpdate over AXL (AXLSoap.xsd `ExecuteSQLQueryReq`: one `sql`
 * element; answer: `return` with 0..n `row`, one child per column). SQL travels as CDATA so `<`
 * and `&` need no escaping. A "Query request too large" fault is answered by re-issuing the query
 * in `SKIP/FIRST` chunks sized from the fault's own suggestion, transparently to the caller.
 */
import { isProtocolError, ProtocolError } from "../errors.ts";
import { asList, objectOf, textOf } from "../soap/shape.ts";
import { type AxlCallOptions, type AxlClient, type AxlTarget, axlReturn } from "./client.ts";
import { canSplit, chunkSize, pagedSql, parseTooLarge } from "./sql-split.ts";

/** One SQL row: column name (lowercase, as Informix returns it) → text ("" for NULL). */
export type SqlRow = Record<string, string>;

/** Result of a query, with how it was fetched. */
export interface SqlQueryResult {
  rows: SqlRow[];
  /** Number of requests sent (1 unless the query was split). */
  requests: number;
  /** Chunk size used when split. */
  chunk?: number;
}

/** Options for a query. */
export interface SqlQueryOptions extends AxlCallOptions {
  /** Called after each chunk when a query is split. */
  onProgress?: (fetched: number, total: number) => void;
}

const ROW_TAGS = ["row"] as const;

/** Runs a SELECT, splitting it transparently when CUCM says the answer is too large. */
export async function executeSqlQuery(
  client: AxlClient,
  target: AxlTarget,
  sql: string,
  opts: SqlQueryOptions = {},
): Promise<SqlQueryResult> {
  try {
    return { rows: await queryOnce(client, target, sql, opts), requests: 1 };
  } catch (err) {
    const info = isProtocolError(err, "AXL_FAULT") ? parseTooLarge(String(err.details.axlmessage ?? "")) : undefined;
    if (!info) throw err;
    if (!canSplit(sql) || info.suggestedRows <= 1) {
      throw new ProtocolError(
        "AXL_FAULT",
        (err as ProtocolError).message,
        "Add a WHERE clause or select fewer columns; the query cannot be split automatically (it already uses SKIP/FIRST or is not a SELECT).",
        (err as ProtocolError).details,
      );
    }
    const chunk = chunkSize(info);
    const rows: SqlRow[] = [];
    let requests = 1;
    for (let skip = 0; ; skip += chunk) {
      const page = await queryOnce(client, target, pagedSql(sql, skip, chunk), opts);
      requests++;
      for (const r of page) rows.push(r);
      opts.onProgress?.(rows.length, info.totalRows);
      if (page.length < chunk) break;
    }
    return { rows, requests, chunk };
  }
}

async function queryOnce(client: AxlClient, target: AxlTarget, sql: string, opts: AxlCallOptions): Promise<SqlRow[]> {
  const res = await client.call(
    target,
    "executeSQLQuery",
    { sql: { "#cdata": sql } },
    { ...opts, arrayTags: ROW_TAGS },
  );
  return asList<SqlRow>(objectOf(axlReturn(res))["row"]);
}

/** Runs an INSERT/UPDATE/DELETE; returns `rowsUpdated`. Never retried unless provably not applied. */
export async function executeSqlUpdate(
  client: AxlClient,
  target: AxlTarget,
  sql: string,
  opts: AxlCallOptions = {},
): Promise<number> {
  const res = await client.call(target, "executeSQLUpdate", { sql: { "#cdata": sql } }, opts);
  return Number(textOf(objectOf(axlReturn(res))["rowsUpdated"]) ?? "0");
}
