/**
 * `cuc_cupi_call`: any CUPI request (Cisco "CUPI API" guide) by method,
 * path under /vmrest/, query parameters and JSON body. RBAC matches `METHOD /vmrest/path` against
 * the profile's cuc.cupi allowlist (the framework does it through `access`). A GET of a collection
 * is paged with rowsPerPage/pageNumber until `@total` is reached or the stated cap (progress per
 * page, cancellable); a collection answer is always a list, even with one or no match. PUT, POST
 * and DELETE change the node, so the tool is annotated destructive.
 */
import * as v from "valibot";
import { maskedText } from "../../mcp/action.ts";
import { type AnyTool, defineTool, type ToolContext, toolResult } from "../../mcp/tool.ts";
import type { CupiTarget } from "../../protocols/cupi/client.ts";
import { decodeCollection } from "../../protocols/cupi/decode.ts";
import { cupiTarget, hostField, hostOf } from "../uc/targets.ts";
import { vmrestPath } from "./cupi-path.ts";
import type { CucDeps } from "./deps.ts";

/** Most items one call returns from a paged collection (the rest is reported as truncated). */
export const CUPI_LIST_CAP = 10_000;

const isCollection = (data: unknown): boolean =>
  data !== null && typeof data === "object" && !Array.isArray(data) && "@total" in (data as object);

type Query = Record<string, string | number>;

async function getPaged(svc: CucDeps, target: CupiTarget, path: string, query: Query, cap: number, ctx: ToolContext) {
  const rows = Math.min(svc.pageRows, cap);
  const items: Record<string, unknown>[] = [];
  let key: string | undefined;
  let total = 0;
  for (let page = 1; ; page++) {
    const res = await svc.cupi.request(target, {
      method: "GET",
      path,
      query: { ...query, rowsPerPage: rows, pageNumber: page },
      signal: ctx.signal,
    });
    if (!isCollection(res.data)) return { single: res.data, requests: page };
    const p = decodeCollection(res.data);
    total = p.total;
    key ??= p.key;
    items.push(...p.items);
    await ctx.progress(Math.min(items.length, cap), Math.min(total, cap), `page ${page}: ${items.length} of ${total}`);
    if (items.length >= cap) return { key, items: items.slice(0, cap), total, truncated: total > cap, requests: page };
    if (p.items.length < rows || items.length >= total) return { key, items, total, truncated: false, requests: page };
  }
}

/** The generic CUPI tool. */
export function cupiCallTool(deps: CucDeps): AnyTool {
  return defineTool({
    name: "cuc_cupi_call",
    title: "Run a CUPI request",
    description:
      'One CUPI request under /vmrest/, e.g. GET users, query {"query":"(alias startswith j)"}; collections are paged for you.',
    input: v.object({
      host: hostField("cuc"),
      method: v.picklist(["GET", "POST", "PUT", "DELETE"]),
      path: v.pipe(v.string(), v.minLength(1), v.maxLength(1024), v.description("e.g. users/<ObjectId>")),
      query: v.optional(v.record(v.string(), v.union([v.string(), v.number()])), {}),
      body: v.optional(v.unknown()),
      maxItems: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(CUPI_LIST_CAP)), CUPI_LIST_CAP),
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    product: "cuc",
    service: "cupi",
    access: (i) => ({ service: "cupi", method: i.method, path: vmrestPath(i.path) }),
    bucket: "cupi",
    host: (i) => i.host,
    answer: {
      paging:
        'query.pageNumber and query.rowsPerPage (one page per call) or a narrower query.query, e.g. "(alias startswith j)"',
    },
    output: v.object({
      host: v.string(),
      status: v.number(),
      total: v.number(),
      key: v.string(),
      items: v.array(v.unknown()),
      truncated: v.boolean(),
      requests: v.number(),
      location: v.string(),
      result: v.unknown(),
    }),
    action: (i) => ({
      method: i.method,
      path: vmrestPath(i.path),
      ...(Object.keys(i.query).length === 0
        ? {}
        : { query: maskedText(new URLSearchParams(i.query as Record<string, string>).toString()) }),
    }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const svc = deps;
      const target = cupiTarget(ctx.vault, deps, host);
      const path = vmrestPath(input.path);
      const query = input.query as Query;
      const onePage = input.method !== "GET" || "pageNumber" in query || "rowsPerPage" in query;
      if (onePage) {
        if (input.method === "GET") {
          const res = await svc.cupi.request(target, { method: "GET", path, query, signal: ctx.signal });
          if (!isCollection(res.data))
            return toolResult(`GET ${path}: HTTP ${res.status}`, { host, status: res.status, result: res.data });
          const p = decodeCollection(res.data);
          return toolResult(`GET ${path}: ${p.items.length} item(s) on this page of ${p.total}`, {
            host,
            status: res.status,
            total: p.total,
            ...(p.key ? { key: p.key } : {}),
            items: p.items,
          });
        }
        const res = await svc.cupi.request(target, {
          method: input.method,
          path,
          query,
          body: input.body,
          signal: ctx.signal,
        });
        const text = `${input.method} ${path}: HTTP ${res.status}${res.location ? ` (${res.location})` : ""}`;
        return toolResult(text, {
          host,
          status: res.status,
          ...(res.location ? { location: res.location } : {}),
          result: res.data,
        });
      }
      const got = await getPaged(svc, target, path, query, input.maxItems, ctx);
      if ("single" in got) return toolResult(`GET ${path}: HTTP 200`, { host, status: 200, result: got.single });
      const note = got.truncated ? `; truncated at ${input.maxItems} (narrow the query)` : "";
      return toolResult(
        `GET ${path}: ${got.items.length} of ${got.total} item(s) in ${got.requests} request(s)${note}`,
        {
          host,
          status: 200,
          total: got.total,
          ...(got.key ? { key: got.key } : {}),
          items: got.items,
          truncated: got.truncated,
          requests: got.requests,
        },
      );
    },
  });
}
