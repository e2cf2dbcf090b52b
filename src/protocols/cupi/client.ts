/**
 * The CUPI client for Unity Connection (`https://<cuc>/vmrest/…`, HTTP Basic, JSON with
 * `Accept: application/json`): GET/POST/PUT/DELETE with status handling as documented (201 with
 * the new URI as text, 204 for PUT/DELETE), collection paging with `rowsPerPage`/`pageNumber`
 * (1-based) against `@total`, single-object normalisation, TLS per SERVER_CUC_SSL_VERIFY, and
 * 503 "Server Busy" retried for reads with backoff.
 */
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from "../axl/retry.ts";
import { ProtocolError } from "../errors.ts";
import { basicAuth, type FetchLike, httpRequest } from "../http.ts";
import type { FetchTls } from "../tls.ts";
import { decodeCollection, errorMessage } from "./decode.ts";

/** A Unity Connection node and credentials. */
export interface CupiTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  /** SERVER_CUC_CUPI_TIMEOUT × 1000. */
  timeoutMs: number;
  tls: FetchTls;
}

/** One request. */
export interface CupiRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Under `/vmrest/`, e.g. `/vmrest/users` or `users/{id}`. */
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  signal?: AbortSignal;
}

/** One answer. */
export interface CupiResponse {
  status: number;
  /** Parsed JSON, or text (201 answers carry the new object's URI as text). */
  data: unknown;
  /** Location of a created object. */
  location?: string;
}

/** Injected dependencies. */
export interface CupiDeps {
  fetch: FetchLike;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  retry?: RetryPolicy;
}

/** A listed collection. */
export interface CupiListResult {
  items: Record<string, unknown>[];
  total: number;
  truncated: boolean;
  requests: number;
}

/** The client. */
export interface CupiClient {
  request(target: CupiTarget, req: CupiRequest): Promise<CupiResponse>;
  list(
    target: CupiTarget,
    path: string,
    opts?: { query?: Record<string, string>; rowsPerPage?: number; cap?: number },
  ): Promise<CupiListResult>;
}

/** Normalises a path to `/vmrest/...`; refuses traversal, absolute URLs and control characters. */
export function cupiPath(path: string): string {
  let rel = path;
  while (rel.startsWith("/")) rel = rel.slice(1);
  const p = path.startsWith("/vmrest/") ? path : `/vmrest/${rel}`;
  const bad =
    p.includes("..") ||
    p.includes("//") ||
    p.includes("?") ||
    p.includes("#") ||
    p.includes("\\") ||
    [...p].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (bad) {
    throw new ProtocolError(
      "INVALID_REQUEST",
      `Invalid CUPI path ${JSON.stringify(path)}`,
      "Give a path under /vmrest/ without '..', '//', '?' or '#'; pass query parameters separately.",
    );
  }
  return p;
}

/** Creates the client. */
export function createCupiClient(deps: CupiDeps): CupiClient {
  const policy = deps.retry ?? DEFAULT_RETRY;

  async function request(target: CupiTarget, req: CupiRequest): Promise<CupiResponse> {
    const path = cupiPath(req.path);
    const qs = req.query
      ? new URLSearchParams(Object.entries(req.query).map(([k, v]) => [k, String(v)])).toString()
      : "";
    const headers: Record<string, string> = {
      accept: "application/json",
      authorization: basicAuth(target.username, target.password),
    };
    if (req.body !== undefined) headers["content-type"] = "application/json";
    for (let attempt = 0; ; attempt++) {
      const res = await httpRequest(deps.fetch, {
        url: `https://${target.host}:${target.port}${path}${qs ? `?${qs}` : ""}`,
        method: req.method,
        headers,
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        timeoutMs: target.timeoutMs,
        tls: target.tls,
        maxBytes: 32 * 1024 * 1024,
        host: target.host,
        ...(req.signal ? { signal: req.signal } : {}),
      });
      const type = res.headers.get("content-type") ?? "";
      const text = new TextDecoder().decode(res.body);
      if (res.status === 503 && req.method === "GET" && attempt + 1 < policy.attempts) {
        await deps.sleep(backoffDelay(policy, attempt, deps.random));
        continue;
      }
      if (res.status >= 200 && res.status < 300) {
        const location = res.headers.get("location") ?? (res.status === 201 ? text.trim() : undefined);
        const data = res.status === 204 || text === "" ? null : type.includes("json") ? JSON.parse(text) : text;
        return { status: res.status, data, ...(location ? { location } : {}) };
      }
      throw statusError(target.host, res.status, errorMessage(text, type));
    }
  }

  return {
    request,
    async list(target, path, opts = {}) {
      const rows = opts.rowsPerPage ?? 500;
      const cap = opts.cap ?? 10_000;
      const items: Record<string, unknown>[] = [];
      let total = 0;
      let requests = 0;
      for (let page = 1; ; page++) {
        const res = await request(target, {
          method: "GET",
          path,
          query: { ...opts.query, rowsPerPage: rows, pageNumber: page },
        });
        requests++;
        const p = decodeCollection(res.data);
        total = p.total;
        for (const it of p.items) items.push(it);
        if (items.length >= cap)
          return { items: items.slice(0, cap), total, truncated: total > cap || items.length > cap, requests };
        if (p.items.length < rows || items.length >= total) return { items, total, truncated: false, requests };
      }
    },
  };
}

function statusError(host: string, status: number, message: string): ProtocolError {
  if (status === 401 || status === 403) {
    return new ProtocolError(
      "UPSTREAM_AUTH",
      `${host} refused the CUPI request (HTTP ${status}): ${message}`,
      "Check the stored CUPI credentials and that the user holds a System Administrator role.",
      { host, status },
    );
  }
  if (status === 503) {
    return new ProtocolError(
      "UPSTREAM_THROTTLED",
      `${host} is busy (HTTP 503)`,
      "Unity Connection is throttling; wait and retry.",
      { host, status, retryable: true },
    );
  }
  return new ProtocolError(
    "UPSTREAM_HTTP",
    `${host} answered CUPI with HTTP ${status}: ${message}`,
    status === 404 ? "Check the object id and resource path." : "Fix the request as the message says.",
    { host, status },
  );
}
