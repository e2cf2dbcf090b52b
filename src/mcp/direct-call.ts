/**
 * A lighter path for the commonest MCP request: a 2025-era stateless POST carrying one
 * `tools/call`. For such a request the SDK builds a Server and a transport, validates the
 * message and the result with its schemas and pipes a one-event SSE stream through two
 * ReadableStreams; together that was the largest share of the bridge's own CPU per call
 * (bench/README.md, "Profiling the per-call path"). Here the call goes straight to the
 * caller's surface and the answer is written as the same SSE body the SDK writes (the same
 * headers, `event: message` framing, JSON-RPC result or error, and `tools/list_changed`
 * notifications before the result).
 *
 * Only the narrow shape `directCallOf` accepts takes this path: anything else (batches,
 * progress tokens, task-augmented calls, reserved `_meta` keys, unexpected fields, other
 * methods, a missing Accept type, an unknown protocol version) goes to the SDK, which then
 * owns every error answer. src/mcp/direct-call.test.ts runs the same requests through both
 * paths and compares the answers.
 */
import type { InflightCalls } from "./inflight-calls.ts";
import type { CallResult, McpSurface } from "./sdk.ts";

/** One `tools/call` this path may answer. */
export interface DirectCall {
  id: string | number;
  name: string;
  args: Record<string, unknown>;
}

/** The headers the SDK's streamable HTTP transport sends with an SSE answer. */
const SSE_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;

/**
 * A call still running after this long is answered as a live stream (headers now, SSE
 * comments every KEEP_ALIVE_MS, the result when it comes), as the SDK does, so a proxy or a
 * client with an idle timeout sees the connection alive during a long capture or report.
 */
const STREAM_AFTER_MS = 1_000;
/** The SDK's SSE keep-alive interval (DEFAULT_SSE_KEEP_ALIVE_MS). */
const KEEP_ALIVE_MS = 15_000;

const PARAM_KEYS = new Set(["name", "arguments", "_meta"]);
const MESSAGE_KEYS = new Set(["jsonrpc", "id", "method", "params"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function onlyKeys(value: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}

/**
 * The call in `body` when the request has exactly the shape this path answers, else undefined.
 * `headers` are checked as the SDK's transport checks them (Accept, MCP-Protocol-Version);
 * the caller has already checked the Content-Type. `supportedVersions` are the SDK's 2025-era
 * versions (SUPPORTED_PROTOCOL_VERSIONS).
 */
export function directCallOf(
  body: unknown,
  headers: Headers,
  supportedVersions: readonly string[],
): DirectCall | undefined {
  if (!isPlainObject(body) || !onlyKeys(body, MESSAGE_KEYS)) return undefined;
  if (body.jsonrpc !== "2.0" || body.method !== "tools/call") return undefined;
  const id = body.id;
  if (!(typeof id === "string" || (typeof id === "number" && Number.isSafeInteger(id)))) return undefined;
  const params = body.params;
  if (!isPlainObject(params) || !onlyKeys(params, PARAM_KEYS) || typeof params.name !== "string") return undefined;
  const args = params.arguments;
  if (args !== undefined && !isPlainObject(args)) return undefined;
  const meta = params._meta;
  if (meta !== undefined) {
    // A progress token asks for notifications while the call runs, and reserved keys may
    // change how the SDK serves the call: both stay with the SDK.
    if (!isPlainObject(meta) || "progressToken" in meta) return undefined;
    for (const key in meta) if (key.startsWith("io.modelcontextprotocol/")) return undefined;
  }
  const accept = headers.get("accept");
  if (accept === null || !accept.includes("application/json") || !accept.includes("text/event-stream"))
    return undefined;
  // Only 2025-era versions (or none), and no SEP-2243 method/name headers: with no envelope
  // claim in `_meta` either, the SDK's entry classifies the request as legacy (isLegacyRequest).
  const version = headers.get("mcp-protocol-version");
  if (version !== null && !supportedVersions.includes(version)) return undefined;
  if (headers.has("mcp-method") || headers.has("mcp-name")) return undefined;
  return { id, name: params.name, args: args ?? {} };
}

const encoder = new TextEncoder();

function sseEvent(message: unknown): string {
  return `event: message\ndata: ${JSON.stringify(message)}\n\n`;
}

/** The JSON-RPC error the SDK sends when a request handler throws. */
function errorAnswer(id: string | number, error: unknown): Record<string, unknown> {
  const e = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  const thrown = Number.isSafeInteger(e.code) ? (e.code as number) : INTERNAL_ERROR;
  return {
    jsonrpc: "2.0",
    id,
    error: {
      // The 2025-era wire has no -32002 (resource not found): the SDK sends Invalid Params.
      code: thrown === -32002 ? INVALID_PARAMS : thrown,
      message: typeof e.message === "string" ? e.message : "Internal error",
      ...(e.data !== undefined && { data: e.data }),
    },
  };
}

const INTERNAL_ERROR = -32603;
const INVALID_PARAMS = -32602;

/** Runs the call and answers it as the SDK's stateless transport would. */
export async function answerDirectly(
  call: DirectCall,
  surface: McpSurface,
  inflight: InflightCalls,
  requestSignal: AbortSignal,
): Promise<Response> {
  // Aborted by notifications/cancelled, by the client going away, or by the stream's cancel.
  const stopped = new AbortController();
  const tracked = inflight.start(surface.cancelScope, call.id, [requestSignal, stopped.signal]);

  const pending: string[] = [];
  let live: ReadableStreamDefaultController<Uint8Array> | undefined;
  const emit = (message: unknown) => {
    const event = sseEvent(message);
    if (live === undefined) pending.push(event);
    else live.enqueue(encoder.encode(event));
  };

  const finished = (async (): Promise<unknown> => {
    try {
      const result: CallResult | undefined = await surface.callTool(call.name, call.args, {
        signal: tracked.signal,
        // Calls with a progress token never take this path.
        progress: async () => undefined,
        toolsChanged: async () => emit({ method: "notifications/tools/list_changed", jsonrpc: "2.0" }),
      });
      if (result === undefined)
        return errorAnswer(call.id, { code: INVALID_PARAMS, message: `Unknown tool: ${call.name}` });
      return { result, jsonrpc: "2.0", id: call.id };
    } catch (error) {
      return errorAnswer(call.id, error);
    } finally {
      tracked.done();
    }
  })();

  let timer: number | ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, STREAM_AFTER_MS);
  });
  const quick = await Promise.race([finished, slow]);
  clearTimeout(timer);
  if (quick !== undefined) {
    pending.push(sseEvent(quick));
    return new Response(pending.join(""), { status: 200, headers: SSE_HEADERS });
  }

  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(stream) {
      live = stream;
      for (const event of pending.splice(0)) stream.enqueue(encoder.encode(event));
      keepAlive = setInterval(() => {
        try {
          stream.enqueue(encoder.encode(": keepalive\n\n"));
        } catch {
          clearInterval(keepAlive);
        }
      }, KEEP_ALIVE_MS);
      keepAlive.unref?.();
      void finished.then((answer) => {
        clearInterval(keepAlive);
        try {
          stream.enqueue(encoder.encode(sseEvent(answer)));
          stream.close();
        } catch {
          // The client went away; the call has already been told (request signal).
        }
      });
    },
    cancel() {
      clearInterval(keepAlive);
      live = undefined;
      stopped.abort();
    },
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
