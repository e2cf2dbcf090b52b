/**
 * executeSQLQuery / executeSQLUpdate over AXL (AXLSoap.xsd `ExecuteSQLQueryReq`: one `sql`
 * element; answer: `return` with 0..n `row`, one child per column). SQL travels as CDATA so `<`
 * and `&` need no escaping. A "Query request too large" fault is answered by re-issuing the query
 * in `SKIP/FIRST` chunks sized from the fault's own suggestion, transparently to the caller.
 * CUCM 12.5 may instead drop the connection in the middle of a large answer: then the rows are
 * counted first (`SELECT COUNT(*) FROM (query)`, which also proves the node is up) and fetched in
 * `SKIP/FIRST` chunks that halve whenever one is dropped again.
 */
import { isProtocolError, ProtocolError } from "../errors.ts";
import { asList, objectOf, textOf } from "../soap/shape.ts";
import { type AxlCallOptions, type AxlClient, type AxlTarget, axlReturn } from "./client.ts";
import { canSplit, chunkSize, countSql, pagedSql, parseTooLarge } from "./sql-split.ts";

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
    if (droppedAnswer(err) && canSplit(sql)) return await afterDroppedAnswer(client, target, sql, opts, err);
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

/** First chunk after a dropped answer; halved each time a chunk is dropped too. */
const DROPPED_FIRST_CHUNK = 5000;

/** A connection lost or an answer cut short (not a TLS failure, not a timeout). */
function droppedAnswer(err: unknown): err is ProtocolError {
  return (
    (isProtocolError(err, "UPSTREAM_UNREACHABLE") && err.details["tls"] !== true) ||
    isProtocolError(err, "UPSTREAM_PROTOCOL")
  );
}

async function afterDroppedAnswer(
  client: AxlClient,
  target: AxlTarget,
  sql: string,
  opts: SqlQueryOptions,
  dropped: ProtocolError,
): Promise<SqlQueryResult> {
  let total: number;
  try {
    const counted = await queryOnce(client, target, countSql(sql), opts);
    total = Number(Object.values(counted[0] ?? {})[0] ?? Number.NaN);
  } catch {
    throw dropped; // the node itself is unwell: report the first failure
  }
  if (!Number.isFinite(total)) throw dropped;
  const rows: SqlRow[] = [];
  let requests = 2;
  let chunk = Math.min(DROPPED_FIRST_CHUNK, Math.max(1, total));
  while (rows.length < total) {
    let page: SqlRow[];
    try {
      page = await queryOnce(client, target, pagedSql(sql, rows.length, chunk), opts);
      requests++;
    } catch (err) {
      requests++;
      if (!droppedAnswer(err) || chunk === 1) throw err;
      chunk = Math.max(1, Math.floor(chunk / 2));
      continue;
    }
    for (const r of page) rows.push(r);
    opts.onProgress?.(rows.length, total);
    if (page.length < chunk) break;
  }
  return { rows, requests, chunk };
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
