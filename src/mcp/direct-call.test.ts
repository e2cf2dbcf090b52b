/**
 * The direct tools/call path against the SDK's own answers: every request below goes through an
 * endpoint with direct calls on and through one with them off (the SDK's stateless 2025-era
 * transport), and the two answers must carry the same status, the same SSE content type and
 * the same JSON-RPC messages. Requests outside the direct shape must still be classified legacy
 * by the SDK when accepted, and refused (left to the SDK) otherwise.
 */
import { describe, expect, test } from "bun:test";
import { isLegacyRequest, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/server";
import { directCallOf } from "./direct-call.ts";
import { type CallResult, createMcpEndpoint, type McpSurface } from "./sdk.ts";

const URL_ = "https://bridge.test/mcp";
const HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": "2025-11-25",
};

const TEXT: CallResult = { content: [{ type: "text", text: 'hello ünïcode \u2028 "quoted"' }] };
const STRUCTURED: CallResult = {
  content: [{ type: "text", text: "2 phones" }],
  structuredContent: {
    phones: [
      { name: "SEP1", lines: [] },
      { name: "SEP2", note: null },
    ],
    total: 2,
  },
};
const TOOL_ERROR: CallResult = {
  content: [{ type: "text", text: "Denied by profile" }],
  structuredContent: { error: { code: "ProfilePermissionError" } },
  isError: true,
};

/** A surface with one tool per answer kind; `cancelled` records what the slow tool saw. */
function testSurface(log: string[]): McpSurface {
  return {
    cancelScope: "client\ntoken",
    name: "test",
    version: "0.0.0",
    listTools: () => [],
    async callTool(name, args, extras) {
      log.push(`${name} ${JSON.stringify(args)}`);
      switch (name) {
        case "text":
          return TEXT;
        case "structured":
          return STRUCTURED;
        case "tool_error":
          return TOOL_ERROR;
        case "throws":
          throw new Error("handler broke");
        case "throws_coded":
          throw Object.assign(new Error("no such resource"), { code: -32002, data: { uri: "x" } });
        case "toolsets":
          await extras.toolsChanged?.();
          return TEXT;
        case "slow":
          await Bun.sleep(1_300);
          return TEXT;
        case "waits_for_cancel":
          await new Promise<void>((resolve) => extras.signal.addEventListener("abort", () => resolve()));
          return { content: [{ type: "text", text: "cancelled" }], isError: true };
        default:
          return undefined;
      }
    },
    listPrompts: () => [],
    getPrompt: async () => undefined,
    listResources: () => [],
    readResource: async () => undefined,
  };
}

function post(body: unknown, headers: Record<string, string> = HEADERS): [Request, ArrayBuffer] {
  const bytes = new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body));
  const request = new Request(URL_, { method: "POST", headers, body: bytes });
  return [request, bytes.buffer as ArrayBuffer];
}

/** Status, media type and the parsed SSE messages (or the JSON body) of an answer. */
async function answerOf(response: Response) {
  const type = response.headers.get("content-type") ?? "";
  const text = await response.text();
  const messages = type.startsWith("text/event-stream")
    ? text
        .split("\n\n")
        .filter((event) => event.includes("data: "))
        .map((event) => {
          expect(event.startsWith("event: message\ndata: ")).toBe(true);
          return JSON.parse(event.slice(event.indexOf("data: ") + 6));
        })
    : text === ""
      ? []
      : [JSON.parse(text)];
  return { status: response.status, type, cacheControl: response.headers.get("cache-control"), messages };
}

const call = (id: unknown, name: string, args?: unknown, extra: Record<string, unknown> = {}) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, ...(args === undefined ? {} : { arguments: args }), ...extra },
});

describe("direct tools/call answers as the SDK does", () => {
  const viaDirect = createMcpEndpoint<string>(() => testSurface([]));
  const viaSdk = createMcpEndpoint<string>(() => testSurface([]), { directCalls: false });
  const both = async (body: unknown, headers?: Record<string, string>) => {
    const [a, aBytes] = post(body, headers);
    const [b, bBytes] = post(body, headers);
    return [
      await answerOf(await viaDirect(a, "owner", aBytes)),
      await answerOf(await viaSdk(b, "owner", bBytes)),
    ] as const;
  };

  const cases: Array<[string, unknown]> = [
    ["a text result", call(1, "text", { host: "10.0.0.1" })],
    ["structuredContent", call("req-7", "structured", {})],
    ["an isError result", call(2, "tool_error", { a: [1, 2] })],
    ["no arguments", call(3, "text")],
    ["an unknown tool (Invalid Params)", call(4, "nope", {})],
    ["a handler that throws", call(5, "throws", {})],
    ["a coded error (-32002 becomes -32602 on the 2025 wire)", call(6, "throws_coded", {})],
    ["tools/list_changed before the result", call(8, "toolsets", {})],
    ["a _meta without a progress token", call(9, "text", {}, { _meta: { "claudecode/toolUseId": "x" } })],
    ["id 0", call(0, "text", {})],
  ];
  for (const [what, body] of cases)
    test(what, async () => {
      // The direct endpoint did answer it itself (the shape is one the direct path takes).
      expect(directCallOf(body, new Headers(HEADERS), SUPPORTED_PROTOCOL_VERSIONS)).toBeDefined();
      const [direct, sdk] = await both(body);
      expect(direct).toEqual(sdk);
      expect(direct.status).toBe(200);
      expect(direct.type).toBe("text/event-stream");
    });

  test("no protocol version header", async () => {
    const { "mcp-protocol-version": _v, ...headers } = HEADERS;
    const [direct, sdk] = await both(call(10, "structured", {}), headers);
    expect(direct).toEqual(sdk);
  });

  test("a call still running after a second is streamed, and ends with the same answer", async () => {
    const [request, bytes] = post(call(11, "slow", {}));
    const started = performance.now();
    const response = await viaDirect(request, "owner", bytes);
    const headersAfter = performance.now() - started;
    const direct = await answerOf(response);
    // Buffered for the first second (the direct path), streamed before the 1.3 s call ends.
    expect(headersAfter).toBeGreaterThanOrEqual(900);
    expect(headersAfter).toBeLessThan(1_290);
    const [b, bBytes] = post(call(11, "slow", {}));
    expect(direct).toEqual(await answerOf(await viaSdk(b, "owner", bBytes)));
  });
});

test("notifications/cancelled (through the SDK) cancels a direct call of the same token", async () => {
  const log: string[] = [];
  const endpoint = createMcpEndpoint<string>(() => testSurface(log));
  const [request, bytes] = post(call(21, "waits_for_cancel", {}));
  const pending = endpoint(request, "owner", bytes);
  await Bun.sleep(20);
  const [cancel, cancelBytes] = post({
    jsonrpc: "2.0",
    method: "notifications/cancelled",
    params: { requestId: 21, reason: "user" },
  });
  expect((await endpoint(cancel, "owner", cancelBytes)).status).toBe(202);
  const answer = await answerOf(await pending);
  expect(answer.messages[0].result.content[0].text).toBe("cancelled");
});

test("a client that goes away cancels the direct call", async () => {
  const log: string[] = [];
  const endpoint = createMcpEndpoint<string>(() => testSurface(log));
  const gone = new AbortController();
  const bytes = new TextEncoder().encode(JSON.stringify(call(22, "waits_for_cancel", {})));
  const request = new Request(URL_, { method: "POST", headers: HEADERS, body: bytes, signal: gone.signal });
  const pending = endpoint(request, "owner", bytes.buffer as ArrayBuffer);
  await Bun.sleep(20);
  gone.abort();
  const answer = await answerOf(await pending);
  expect(answer.messages[0].result.content[0].text).toBe("cancelled");
});

describe("which requests take the direct path", () => {
  const headers = new Headers(HEADERS);
  const accepted: unknown[] = [
    call(1, "t", {}),
    call("x", "t"),
    call(2, "t", { nested: { a: 1 } }, { _meta: { vendor: 1 } }),
  ];
  test("accepted requests are ones the SDK classifies as 2025-era", async () => {
    for (const body of accepted) {
      expect(directCallOf(body, headers, SUPPORTED_PROTOCOL_VERSIONS)).toBeDefined();
      const [request] = post(body);
      expect(await isLegacyRequest(request, body)).toBe(true);
    }
  });

  const refused: Array<[string, unknown, Record<string, string>?]> = [
    ["a batch", [call(1, "t", {})]],
    ["another method", { jsonrpc: "2.0", id: 1, method: "tools/list" }],
    ["a notification", { jsonrpc: "2.0", method: "tools/call", params: { name: "t" } }],
    ["a progress token", call(1, "t", {}, { _meta: { progressToken: 5 } })],
    ["the modern envelope claim", call(1, "t", {}, { _meta: { "io.modelcontextprotocol/protocolVersion": "x" } })],
    ["a task-augmented call", call(1, "t", {}, { task: { ttl: 1000 } })],
    ["an unexpected top-level field", { ...call(1, "t", {}), extra: true }],
    ["a fractional id", call(1.5, "t", {})],
    ["a null id", call(null, "t", {})],
    ["arguments that are a list", call(1, "t", [1])],
    ["a name that is not a string", { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: 5 } }],
    ["jsonrpc 1.0", { ...call(1, "t", {}), jsonrpc: "1.0" }],
    ["an Accept without event streams", call(1, "t", {}), { ...HEADERS, accept: "application/json" }],
    ["an unknown protocol version", call(1, "t", {}), { ...HEADERS, "mcp-protocol-version": "2099-01-01" }],
    ["a modern protocol version", call(1, "t", {}), { ...HEADERS, "mcp-protocol-version": "2026-07-28" }],
    ["an Mcp-Method header", call(1, "t", {}), { ...HEADERS, "mcp-method": "tools/call" }],
  ];
  for (const [what, body, h] of refused)
    test(`not ${what}`, () => {
      expect(directCallOf(body, new Headers(h ?? HEADERS), SUPPORTED_PROTOCOL_VERSIONS)).toBeUndefined();
    });

  test("refused shapes still get the SDK's answer (an unknown protocol version: 400)", async () => {
    const endpoint = createMcpEndpoint<string>(() => testSurface([]));
    const [request, bytes] = post(call(1, "text", {}), { ...HEADERS, "mcp-protocol-version": "2099-01-01" });
    expect((await endpoint(request, "owner", bytes)).status).toBe(400);
    const [batch, batchBytes] = post([call(1, "text", {})]);
    const answer = await answerOf(await endpoint(batch, "owner", batchBytes));
    expect(answer.status).toBe(200);
    expect(answer.messages.flat()[0].result).toEqual(TEXT);
  });
});
