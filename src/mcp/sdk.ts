/**
 * The ONLY file that imports the MCP SDK (v2, `@modelcontextprotocol/server`). It turns our
 * plain `McpSurface` (tools, prompts, resources for one authenticated caller) into a
 * low-level SDK `Server`, and serves it over Streamable HTTP with `createMcpHandler`, which
 * answers both protocol eras from one endpoint: 2025-era clients statelessly (GET/DELETE →
 * 405) and 2026-07-28 clients per request (MCP spec 2025-11-25 and 2026-07-28, "Transports").
 * A fresh Server is built per HTTP request from the request's own principal, so no state
 * can cross between clients (GHSA-345p-7cg4-v4c7). The commonest request, a plain 2025-era
 * `tools/call` POST, skips the Server and is answered by src/mcp/direct-call.ts with the same
 * per-request surface and the same answer on the wire.
 */
import {
  createMcpHandler,
  DEFAULT_MAX_REQUEST_BODY_SIZE,
  isJsonContentType,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/server";
import { answerDirectly, directCallOf } from "./direct-call.ts";
import { createInflightCalls, type InflightCalls } from "./inflight-calls.ts";

/** A tool as listed (JSON Schema input, annotations). */
export interface ToolDescriptor {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations: Record<string, unknown>;
}

/** A tool result in MCP shape (content blocks, optional structuredContent, isError). */
export interface CallResult {
  content: Array<Record<string, unknown>>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** Per-call plumbing the SDK gives a handler. */
export interface CallExtras {
  signal: AbortSignal;
  progress: (done: number, total: number | undefined, message?: string) => Promise<void>;
  /** Sends notifications/tools/list_changed on the call's own stream. */
  toolsChanged?: () => Promise<void>;
}

/** A prompt as listed and as rendered. */
export interface PromptDescriptor {
  name: string;
  title?: string;
  description: string;
  arguments: Array<{ name: string; description: string; required: boolean }>;
}
export interface PromptMessages {
  description?: string;
  messages: Array<{ role: "user" | "assistant"; content: { type: "text"; text: string } }>;
}

/** A resource as listed and as read. */
export interface ResourceDescriptor {
  uri: string;
  name: string;
  title?: string;
  description: string;
  mimeType: string;
}
export interface ResourceContents {
  contents: Array<{ uri: string; mimeType: string; text: string }>;
}

/** Everything one caller can see and do. */
export interface McpSurface {
  /**
   * Identifies the caller's token: a `notifications/cancelled` arriving on another stateless
   * request of the same token cancels the call with that request id (2025-era clients).
   */
  cancelScope: string;
  name: string;
  version: string;
  instructions?: string;
  listTools(): ToolDescriptor[];
  /** undefined = no such tool for this caller (a JSON-RPC Invalid Params error, per the spec). */
  callTool(name: string, args: unknown, extras: CallExtras): Promise<CallResult | undefined>;
  listPrompts(): PromptDescriptor[];
  getPrompt(name: string, args: Record<string, string>): Promise<PromptMessages | undefined>;
  listResources(): ResourceDescriptor[];
  readResource(uri: string): Promise<ResourceContents | undefined>;
}

function buildServer(surface: McpSurface, inflight: InflightCalls): Server {
  const server = new Server(
    { name: surface.name, version: surface.version },
    {
      capabilities: { tools: { listChanged: true }, prompts: {}, resources: {}, logging: {} },
      instructions: surface.instructions,
    },
  );
  server.setRequestHandler("tools/list", async () => ({ tools: surface.listTools() as never }));
  server.setRequestHandler("tools/call", async (request, ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    const progress: CallExtras["progress"] = async (done, total, message) => {
      if (token === undefined) return;
      await ctx.mcpReq.notify({
        method: "notifications/progress",
        params: { progressToken: token, progress: done, total, message },
      });
    };
    const call = inflight.start(surface.cancelScope, ctx.mcpReq.id, [ctx.mcpReq.signal, ctx.http?.req?.signal]);
    try {
      const result = await surface.callTool(request.params.name, request.params.arguments ?? {}, {
        signal: call.signal,
        progress,
        // A stateless server has no stream of its own: the change is announced on the call's answer stream.
        toolsChanged: () => ctx.mcpReq.notify({ method: "notifications/tools/list_changed" }),
      });
      if (result === undefined)
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
      return result as never;
    } finally {
      call.done();
    }
  });
  server.setNotificationHandler("notifications/cancelled", (notification) => {
    const id = notification.params.requestId;
    if (id !== undefined) inflight.cancel(surface.cancelScope, id);
  });
  server.setRequestHandler("prompts/list", async () => ({ prompts: surface.listPrompts() }));
  server.setRequestHandler("prompts/get", async (request) => {
    const out = await surface.getPrompt(
      request.params.name,
      (request.params.arguments ?? {}) as Record<string, string>,
    );
    if (out === undefined)
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    return out as never;
  });
  server.setRequestHandler("resources/list", async () => ({ resources: surface.listResources() }));
  server.setRequestHandler("resources/templates/list", async () => ({ resourceTemplates: [] }));
  server.setRequestHandler("resources/read", async (request) => {
    const out = await surface.readResource(request.params.uri);
    if (out === undefined)
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource: ${request.params.uri}`);
    return out as never;
  });
  return server;
}

/**
 * A fetch-shaped MCP endpoint: the caller passes the request (its body already read), the
 * already-authenticated owner and the body's bytes.
 */
export type McpEndpoint<O> = (request: Request, owner: O, body: ArrayBuffer | undefined) => Promise<Response>;

export interface McpEndpointOptions {
  /** Receives out-of-band SDK errors. */
  onError?: (error: Error) => void;
  /**
   * Answer plain 2025-era tools/call POSTs without the SDK (src/mcp/direct-call.ts); on by
   * default. Off, every request goes through the SDK: the tests compare both.
   */
  directCalls?: boolean;
}

/** Serves `surfaceFor(owner)` for every request. */
export function createMcpEndpoint<O>(
  surfaceFor: (owner: O) => McpSurface,
  options: McpEndpointOptions = {},
): McpEndpoint<O> {
  const onError = options.onError;
  const direct = options.directCalls !== false;
  const owners = new WeakMap<object, O>();
  const inflight = createInflightCalls();
  const handler = createMcpHandler(
    (ctx) => {
      const key = ctx.authInfo?.extra?.ownerKey as object | undefined;
      const owner = key === undefined ? undefined : owners.get(key);
      if (owner === undefined) throw new Error("MCP request without an authenticated owner");
      return buildServer(surfaceFor(owner), inflight);
    },
    { onerror: onError },
  );
  return async (request, owner, body) => {
    const parsedBody = jsonBodyOf(request, body);
    if (direct && parsedBody !== undefined) {
      // One 2025-era tools/call in the plain shape: answered without the SDK (src/mcp/direct-call.ts).
      const call = directCallOf(parsedBody, request.headers, SUPPORTED_PROTOCOL_VERSIONS);
      if (call !== undefined) return answerDirectly(call, surfaceFor(owner), inflight, request.signal);
    }
    const ownerKey = {};
    owners.set(ownerKey, owner);
    return handler.fetch(body === undefined ? request : new Request(request, { body }), {
      authInfo: { token: "", clientId: "", scopes: [], extra: { ownerKey } },
      ...(parsedBody !== undefined && { parsedBody }),
    });
  };
}

const utf8 = new TextDecoder();

/**
 * The POST's JSON body, parsed once for both paths; undefined where the SDK must read the body
 * itself to give its own answer (not JSON, not a JSON media type, over its size limit).
 */
function jsonBodyOf(request: Request, body: ArrayBuffer | undefined): unknown {
  if (body === undefined || request.method !== "POST" || body.byteLength > DEFAULT_MAX_REQUEST_BODY_SIZE)
    return undefined;
  if (!isJsonContentType(request.headers.get("content-type"))) return undefined;
  try {
    return JSON.parse(utf8.decode(body));
  } catch {
    return undefined;
  }
}
