/**
 * How `<product>_axl_call` runs an operation: `executeSQLQuery`
 * is split transparently with SKIP/FIRST when CUCM answers "Query request too large"; `list*`
 * without an explicit skip/first is paged until complete (up to a stated cap, reported when it
 * cuts); everything else is one call. With a cached catalogue every request — each page and
 * chunk included — is validated and put in schema order first.
 */

import * as v from "valibot";
import type { AnswerShape } from "../../mcp/answer.ts";
import { toolResult } from "../../mcp/tool.ts";
import type { AxlCallOptions, AxlClient, AxlTarget } from "../../protocols/axl/client.ts";
import { listAll, listItemTag } from "../../protocols/axl/list.ts";
import { callWithSchema } from "../../protocols/axl/schema-call.ts";
import { executeSqlQuery } from "../../protocols/axl/sql.ts";
import type { Catalogue } from "../../protocols/axl-schema/catalogue.ts";

/** Items a paged list returns at most before saying it was truncated. */
export const LIST_CAP = 10_000;

/** What the tool reports. */
export interface AxlRun {
  result: unknown;
  requests: number;
  truncated?: boolean;
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
  opts: AxlCallOptions & { onProgress?: (done: number, total?: number) => void },
): Promise<AxlRun> {
  const c = checkedClient(client, catalogue);
  const { onProgress, ...callOpts } = opts;
  if (operation === "executeSQLQuery" && typeof payload["sql"] === "string" && Object.keys(payload).length === 1) {
    const res = await executeSqlQuery(c, target, payload["sql"], { ...callOpts, onProgress });
    return { result: { row: res.rows }, requests: res.requests };
  }
  if (operation.startsWith("list") && !("skip" in payload) && !("first" in payload)) {
    const res = await listAll(c, target, operation, payload, { ...callOpts, cap: LIST_CAP, onProgress });
    return { result: { [listItemTag(operation)]: res.items }, requests: res.requests, truncated: res.truncated };
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
}

/** The tool result of an AXL call: a readable summary, the data in structuredContent. */
export function axlCallResult(r: AxlCallReport) {
  const note = r.checked
    ? `payload checked against the cached AXL ${r.version} schema${r.fetched ? ` (fetched from the node now: ${r.fetched.join(", ")})` : ""}`
    : `no AXL ${r.version} schema cached: payload sent as given, unchecked (an admin can run ${r.toolkitTool})`;
  const paging =
    r.run.requests > 1
      ? `; ${r.run.requests} requests${r.run.truncated ? `, TRUNCATED at ${LIST_CAP} items` : ""}`
      : "";
  return toolResult(`${r.operation} on ${r.host} (AXL ${r.used}; ${note}${paging}):`, {
    host: r.host,
    operation: r.operation,
    axlVersion: r.used,
    schemaChecked: r.checked,
    ...(r.fetched === undefined ? {} : { schemaFetched: r.fetched }),
    note,
    requests: r.run.requests,
    ...(r.run.truncated === undefined ? {} : { truncated: r.run.truncated }),
    result: r.run.result ?? null,
  });
}

/** How to get the rest of a cut AXL answer, by kind of operation. */
export function axlPaging(operation: string): AnswerShape {
  if (operation === "executeSQLQuery")
    return { paging: "SKIP n FIRST m after SELECT in the SQL, fewer columns or a narrower WHERE" };
  if (operation.startsWith("list"))
    return { paging: "data.skip and data.first (one page per call), fewer returnedTags or a narrower searchCriteria" };
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
  });
}

/** An AXL call can write (add/update/remove/SQL update), so it is declared destructive. */
export const AXL_CALL_ANNOTATIONS = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
} as const;
