/**
 * How `<product>_axl_call` runs an operation: `executeSQLQuery`
 * is split transparently with SKIP/FIRST when CUCM answers "Query request too large"; `list*`
 * without an explicit skip/first is paged until complete (up to a stated cap, reported when it
 * cuts); everything else is one call. With a cached catalogue every request — each page and
 * chunk included — is validated and put in schema order first. Those SQL and list answers can be
 * written whole to a file instead (`to_file`, answer-file.ts); the result then carries a summary.
 */

import * as v from "valibot";
import type { AnswerShape } from "../../mcp/answer.ts";
import { toolResult } from "../../mcp/tool.ts";
import type { AxlCallOptions, AxlClient, AxlTarget } from "../../protocols/axl/client.ts";
import { listAll, listItemTag } from "../../protocols/axl/list.ts";
import { callWithSchema } from "../../protocols/axl/schema-call.ts";
import { executeSqlQuery } from "../../protocols/axl/sql.ts";
import type { Catalogue } from "../../protocols/axl-schema/catalogue.ts";
import { type AnswerFile, type AnswerFileFormat, PREVIEW_ROWS } from "./answer-file.ts";

/** Items a paged list returns at most before saying it was truncated. */
export const LIST_CAP = 10_000;

/** Items a paged list written to a file returns at most (the file has its own size limit too). */
export const FILE_LIST_CAP = 250_000;

/** What the tool reports. */
export interface AxlRun {
  result: unknown;
  requests: number;
  truncated?: boolean;
  /** The rows of a SQL or paged list answer, and the field of `result` that holds them. */
  list?: { field: string; items: Record<string, unknown>[] };
}

/**
 * The file format of an operation's whole answer (CSV for SQL rows, JSON lines for list items),
 * or undefined when the answer is not a list of rows (only SQL and list* without skip/first are).
 */
export function answerFileFormat(operation: string, payload: Record<string, unknown>): AnswerFileFormat | undefined {
  if (operation === "executeSQLQuery" && typeof payload["sql"] === "string" && Object.keys(payload).length === 1)
    return "csv";
  if (operation.startsWith("list") && !("skip" in payload) && !("first" in payload)) return "jsonl";
  return undefined;
}

/** An AXL client whose every call is schema-checked (when a catalogue is given). */
function checkedClient(client: AxlClient, catalogue: Catalogue | undefined): AxlClient {
  if (catalogue === undefined) return client;
  return {
    knownVersion: (host) => client.knownVersion(host),
    call: (target, op, payload, opts) => callWithSchema(client, catalogue, target, op, payload, opts),
  };
}

/** Runs `operation` with the strategy it needs. */
export async function runAxl(
  client: AxlClient,
  catalogue: Catalogue | undefined,
  target: AxlTarget,
  operation: string,
  payload: Record<string, unknown>,
  opts: AxlCallOptions & { onProgress?: (done: number, total?: number) => void; listCap?: number },
): Promise<AxlRun> {
  const c = checkedClient(client, catalogue);
  const { onProgress, listCap, ...callOpts } = opts;
  const format = answerFileFormat(operation, payload);
  if (format === "csv") {
    const res = await executeSqlQuery(c, target, String(payload["sql"]), { ...callOpts, onProgress });
    return { result: { row: res.rows }, requests: res.requests, list: { field: "row", items: res.rows } };
  }
  if (format === "jsonl") {
    const tag = listItemTag(operation);
    const res = await listAll(c, target, operation, payload, { ...callOpts, cap: listCap ?? LIST_CAP, onProgress });
    return {
      result: { [tag]: res.items },
      requests: res.requests,
      truncated: res.truncated,
      list: { field: tag, items: res.items },
    };
  }
  const res = await c.call(target, operation, payload, callOpts);
  return { result: "return" in res.body.value ? res.body.value["return"] : res.body.value, requests: 1 };
}

/** What an `*_axl_call` tool reports about one run. */
export interface AxlCallReport {
  host: string;
  operation: string;
  /** The AXL version the node answered with. */
  used: string;
  /** The version whose schema catalogue was looked for. */
  version: string;
  /** True when the payload was checked against a cached catalogue. */
  checked: boolean;
  /** The tool that caches the schema, named in the note when none is cached. */
  toolkitTool: string;
  run: AxlRun;
  /** Schema versions fetched from the node for this call (a write with nothing cached). */
  fetched?: string[];
  /** The file the whole answer was written to (`to_file`); the result then shows its first rows. */
  file?: AnswerFile;
  /** The cap a paged list was fetched with (LIST_CAP unless written to a file). */
  listCap?: number;
}

/** The summary of an answer written to a file: rows, size, columns and where to read it. */
function fileSummary(f: AnswerFile): string {
  const shown = Math.min(PREVIEW_ROWS, f.rows);
  return ` ${f.rows.toLocaleString("en-US")} rows written to ${f.uri} (${f.format.toUpperCase()}, ${f.bytes.toLocaleString("en-US")} bytes; read it in pages with ?page=N, delete it with cucm_downloads); columns: ${f.columns.join(", ")}; the first ${shown} rows:`;
}

/** The tool result of an AXL call: a readable summary, the data in structuredContent. */
export function axlCallResult(r: AxlCallReport) {
  const note = r.checked
    ? `payload checked against the cached AXL ${r.version} schema${r.fetched ? ` (fetched from the node now: ${r.fetched.join(", ")})` : ""}`
    : `no AXL ${r.version} schema cached: payload sent as given, unchecked (an admin can run ${r.toolkitTool})`;
  const paging =
    r.run.requests > 1
      ? `; ${r.run.requests} requests${r.run.truncated ? `, TRUNCATED at ${r.listCap ?? LIST_CAP} items` : ""}`
      : "";
  const list = r.run.list;
  const result =
    r.file !== undefined && list !== undefined ? { [list.field]: list.items.slice(0, PREVIEW_ROWS) } : r.run.result;
  return toolResult(
    `${r.operation} on ${r.host} (AXL ${r.used}; ${note}${paging}):${r.file === undefined ? "" : fileSummary(r.file)}`,
    {
      host: r.host,
      operation: r.operation,
      axlVersion: r.used,
      schemaChecked: r.checked,
      ...(r.fetched === undefined ? {} : { schemaFetched: r.fetched }),
      note,
      requests: r.run.requests,
      ...(r.run.truncated === undefined ? {} : { truncated: r.run.truncated }),
      ...(r.file === undefined ? {} : { file: r.file }),
      result: result ?? null,
    },
  );
}

/**
 * How to get the rest of a cut AXL answer, by kind of operation; `toFile` when the caller may have
 * the whole answer written to a file instead.
 */
export function axlPaging(operation: string, toFile: boolean): AnswerShape {
  const file = toFile ? ", or to_file: true for the whole answer as a file resource" : "";
  if (operation === "executeSQLQuery")
    return { paging: `SKIP n FIRST m after SELECT in the SQL, fewer columns or a narrower WHERE${file}` };
  if (operation.startsWith("list"))
    return {
      paging: `data.skip and data.first (one page per call), fewer returnedTags or a narrower searchCriteria${file}`,
    };
  return {};
}

/** structuredContent of an `*_axl_call` tool. */
export const AXL_CALL_OUTPUT = v.object({
  host: v.string(),
  operation: v.string(),
  axlVersion: v.string(),
  schemaChecked: v.boolean(),
  /** Schema versions fetched from the node for this write (none were cached). */
  schemaFetched: v.optional(v.array(v.string())),
  note: v.string(),
  requests: v.number(),
  truncated: v.boolean(),
  /** Where the whole answer was written (`to_file`); `result` then holds its first rows. */
  file: v.optional(
    v.object({
      uri: v.string(),
      name: v.string(),
      format: v.picklist(["csv", "jsonl"]),
      rows: v.number(),
      columns: v.array(v.string()),
      bytes: v.number(),
    }),
  ),
  result: v.unknown(),
});

/** The input of an `*_axl_call` tool: the node, the operation name and its request as JSON. */
export function axlCallInput<H extends v.GenericSchema<string, string>>(host: H) {
  return v.object({
    host,
    operation: v.pipe(
      v.string(),
      v.minLength(1),
      v.maxLength(128),
      // Every AXL operation starts in lower case (getPhone): say so before RBAC refuses "GetPhone".
      v.check(
        (op) => !/^[A-Z]/.test(op),
        (issue) => {
          const op = String(issue.input);
          return `operation names are case-sensitive; did you mean ${op.charAt(0).toLowerCase()}${op.slice(1)}?`;
        },
      ),
      v.description("case-sensitive, e.g. getPhone"),
    ),
    data: v.optional(v.record(v.string(), v.unknown()), {}),
    to_file: v.optional(
      v.pipe(v.boolean(), v.description("SQL or list*: write every row to a file in your downloads, get a summary")),
    ),
  });
}

/** An AXL call can write (add/update/remove/SQL update), so it is declared destructive. */
export const AXL_CALL_ANNOTATIONS = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
} as const;
