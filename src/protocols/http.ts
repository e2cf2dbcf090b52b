/**
 * The thin HTTP transport every protocol client shares: one request with a timeout, a response
 * size cap and network failures turned into typed errors. `fetch` is injected (Bun's global in
 * production, a lab or a stub in tests) so nothing here touches the network by itself.
 */
import { PROTOCOL_PATTERNS } from "../util/patterns.ts";
import { ProtocolError } from "./errors.ts";
import type { FetchTls } from "./tls.ts";
import type { ReleaseSlot, UpstreamGate } from "./upstream-gate.ts";

/** The subset of `fetch` the clients use; Bun's `tls` option included. */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string | Uint8Array;
    signal: AbortSignal;
    tls?: FetchTls;
    /** Always "manual": a redirect is reported, never followed (see httpRequest). */
    redirect?: "manual";
  },
) => Promise<Response>;

/** A request as the clients describe it. */
export interface HttpRequest {
  url: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  headers: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  tls?: FetchTls;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Host name for error messages. */
  host: string;
  /** Cancellation from the caller (tool call cancelled). */
  signal?: AbortSignal;
  /** Limits the requests in flight to the URL's origin; the wait counts toward `timeoutMs`. */
  gate?: UpstreamGate;
}

/** A fully read response. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** Sends one request and reads the whole body under the size cap; throws ProtocolError on failure. */
export async function httpRequest(fetchFn: FetchLike, req: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("timeout")), req.timeoutMs);
  const onCancel = () => controller.abort(new Error("cancelled"));
  req.signal?.addEventListener("abort", onCancel, { once: true });
  let release: ReleaseSlot | undefined;
  try {
    // Without a gate nothing is awaited before fetch starts (it must see a cancellation at once).
    if (req.gate !== undefined) release = await req.gate.acquire(new URL(req.url).origin, controller.signal);
    const res = await fetchFn(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.body === undefined ? {} : { body: req.body }),
      signal: controller.signal,
      ...(req.tls ? { tls: req.tls } : {}),
      // Following would send the credentials and the body (a 307 re-POSTs a SOAP write) to
      // wherever the answer points: another host, or plain HTTP.
      redirect: "manual",
    });
    if (res.status >= 300 && res.status < 400 && res.headers.has("location")) {
      await res.body?.cancel();
      throw redirected(req.host, res.status, res.headers.get("location") ?? "");
    }
    const body = await readCapped(res, req.maxBytes, req.host);
    return { status: res.status, headers: res.headers, body };
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    if (controller.signal.aborted && !req.signal?.aborted) {
      throw new ProtocolError(
        "UPSTREAM_TIMEOUT",
        `${req.host} did not answer within ${Math.round(req.timeoutMs / 1000)} s`,
        "Retry later; if it persists, check the node's load or raise the timeout setting.",
        { host: req.host },
        { cause: err },
      );
    }
    if (req.signal?.aborted) {
      throw new ProtocolError("CANCELLED", `Request to ${req.host} was cancelled`, "The call was cancelled.", {
        host: req.host,
        outcomeUnknown: true,
      });
    }
    throw networkError(req.host, err);
  } finally {
    release?.();
    clearTimeout(timer);
    req.signal?.removeEventListener("abort", onCancel);
  }
}

function redirected(host: string, status: number, location: string): ProtocolError {
  const shown = location.length > 200 ? `${location.slice(0, 200)}…` : location;
  return new ProtocolError(
    "UPSTREAM_HTTP",
    `${host} answered HTTP ${status} redirecting to ${shown}; the bridge does not follow redirects`,
    "Configure the node's real address and port (the one the redirect names, if you trust it) instead of the redirecting one.",
    { host, status, location: shown },
  );
}

function networkError(host: string, err: unknown): ProtocolError {
  const text = err instanceof Error ? `${(err as { code?: string }).code ?? ""} ${err.message}` : String(err);
  const tls = PROTOCOL_PATTERNS.tlsFailure.test(text);
  return new ProtocolError(
    "UPSTREAM_UNREACHABLE",
    tls ? `TLS verification of ${host} failed` : `Could not reach ${host}`,
    tls
      ? "Add the node's CA to SERVER_*_SSL_CA_BUNDLE (or, on a lab only, set SERVER_*_SSL_VERIFY=False)."
      : "Check the host name, port and network path to the node.",
    tls ? { host, tls: true } : { host },
    { cause: err },
  );
}

async function readCapped(res: Response, maxBytes: number, host: string): Promise<Uint8Array> {
  const length = res.headers.get("content-length");
  const declared = Number(length ?? "0");
  if (declared > maxBytes) throw tooLarge(host, maxBytes);
  if (!res.body) return new Uint8Array(0);
  // A declared length within the cap bounds an uncompressed body (HTTP framing): read it in one
  // piece, which is far cheaper in Bun than pulling chunks through a stream reader. A compressed
  // body may inflate past the cap, so it is read chunk by chunk below.
  const encoding = res.headers.get("content-encoding");
  if (
    length !== null &&
    Number.isSafeInteger(declared) &&
    declared >= 0 &&
    (encoding === null || encoding === "identity")
  ) {
    const whole = new Uint8Array(await res.arrayBuffer());
    if (whole.byteLength > maxBytes) throw tooLarge(host, maxBytes);
    return whole;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(host, maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function tooLarge(host: string, maxBytes: number): ProtocolError {
  return new ProtocolError(
    "UPSTREAM_TOO_LARGE",
    `Response from ${host} exceeds ${maxBytes} bytes`,
    "Narrow the query (fewer returnedTags, a tighter searchCriteria or SQL WHERE clause).",
    { host },
  );
}

/** `Authorization: Basic …` for a user and password (RFC 7617); never logged. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}
