/**
 * The tool framework end to end with a test-only module over the real auth + MCP stack:
 * fine-grained RBAC through `access` (normalised, denied and audited), the sliding-window
 * rate limit with its retry hint, progress notifications and cancellation reaching a handler.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { applianceLayers } from "../../src/appliance/layers.ts";
import { defineTool, toolResult } from "../../src/mcp/tool.ts";
import { type McpHarness, startMcpHarness } from "../support/mcp-harness.ts";

let cancelled = false;
const testModule = {
  name: "test",
  tools: [
    defineTool({
      name: "test_axl_call",
      description: "Pretends to run an AXL operation (test only).",
      input: v.object({ host: v.string(), operation: v.string() }),
      annotations: { readOnlyHint: false },
      product: "cucm",
      access: (i) => ({ service: "axl", product: "cucm", operation: i.operation }),
      bucket: "axl",
      host: (i) => i.host,
      handler: async (i) => toolResult(`ran ${i.operation}`, { operation: i.operation }),
    }),
    defineTool({
      name: "test_phone_ping",
      description: "Consumes one phone-bucket slot (test only).",
      input: v.object({}),
      annotations: { readOnlyHint: true },
      product: "cucm",
      access: () => ({ service: "phone" }),
      bucket: "phone",
      handler: async () => toolResult("pong"),
    }),
    defineTool({
      name: "test_slow_count",
      description: "Counts slowly with progress until cancelled (test only).",
      input: v.object({ steps: v.number() }),
      annotations: { readOnlyHint: true },
      handler: async (i, ctx) => {
        for (let n = 1; n <= i.steps; n++) {
          if (ctx.signal.aborted) {
            cancelled = true;
            return toolResult("stopped");
          }
          await ctx.progress(n, i.steps, `step ${n}`);
          await Bun.sleep(20);
        }
        return toolResult("done", { steps: i.steps });
      },
    }),
  ],
};

let h: McpHarness;
beforeAll(async () => {
  h = await startMcpHarness(
    "alice:sub-alice:admin,bob:sub-bob:auditor",
    {},
    applianceLayers({ modules: (built) => [...built, testModule] }),
  );
});
afterAll(async () => {
  await h.stop();
});

type Result = { isError?: boolean; content: Array<{ text?: string }>; structuredContent?: Record<string, unknown> };
const err = (r: Result) => r.structuredContent?.error as Record<string, unknown> | undefined;

describe("tool framework over MCP", () => {
  test("AXL access rules: allowed, denied with a reason, attacks denied and audited", async () => {
    const bob = await h.v1("bob");
    const ok = (await bob.callTool({
      name: "test_axl_call",
      arguments: { host: "cucm1", operation: "getPhone" },
    })) as Result;
    expect(ok.isError).toBeFalsy();
    for (const operation of ["updatePhone", "GetPhone", "getPhone\nremovePhone", "gеtPhone"]) {
      const r = (await bob.callTool({ name: "test_axl_call", arguments: { host: "cucm1", operation } })) as Result;
      expect(r.isError).toBe(true);
      expect(err(r)?.code).toBe("ProfilePermissionError");
    }
    const denied = h
      .audit()
      .filter((e) => e.event === "tool.call" && e.tool === "test_axl_call" && e.decision === "denied");
    expect(denied).toHaveLength(4);
    expect(denied[0]).toMatchObject({ client: "bob", host: "cucm1", outcome: "ProfilePermissionError" });
    expect(typeof denied[0]?.durationMs).toBe("number");
  });

  test("rate limit: the auditor's 5 phone calls per minute, then RateLimitError with when to retry", async () => {
    const bob = await h.v1("bob");
    for (let i = 0; i < 5; i++)
      expect(((await bob.callTool({ name: "test_phone_ping", arguments: {} })) as Result).isError).toBeFalsy();
    const refused = (await bob.callTool({ name: "test_phone_ping", arguments: {} })) as Result;
    expect(err(refused)).toMatchObject({ code: "RateLimitError", bucket: "phone", limit: 5 });
    expect(Number(err(refused)?.retryAfterSeconds)).toBeGreaterThan(0);
    expect(refused.content[0]?.text).toContain("Wait");
    // Another client's budget is untouched.
    const alice = await h.v1("alice");
    expect(((await alice.callTool({ name: "test_phone_ping", arguments: {} })) as Result).isError).toBeFalsy();
    expect(h.audit().some((e) => e.event === "ratelimit.refused" && e.client === "bob" && e.bucket === "phone")).toBe(
      true,
    );
  });

  test("progress notifications reach the client", async () => {
    const alice = await h.v1("alice");
    const seen: number[] = [];
    const r = (await alice.callTool({ name: "test_slow_count", arguments: { steps: 3 } }, undefined, {
      onprogress: (p) => {
        seen.push(p.progress);
      },
    })) as Result;
    expect(r.structuredContent).toEqual({ steps: 3 });
    expect(seen).toEqual([1, 2, 3]);
  });

  test("cancellation reaches the handler's AbortSignal", async () => {
    const alice = await h.v1("alice");
    const controller = new AbortController();
    const call = alice.callTool({ name: "test_slow_count", arguments: { steps: 200 } }, undefined, {
      signal: controller.signal,
      onprogress: () => {},
    });
    await Bun.sleep(150);
    controller.abort();
    await expect(call).rejects.toThrow();
    for (let i = 0; i < 50 && !cancelled; i++) await Bun.sleep(20);
    expect(cancelled).toBe(true);
  });
});
