/**
 * tools/list sits in every agent's context on every connection, so its size is held: the admin
 * profile sees every tool, and its tools/list (compact JSON, as served over HTTPS to the MCP SDK
 * client) must stay within the cap. The same number is reported by bench/b6-tools-list.ts.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type McpHarness, startMcpHarness } from "../support/mcp-harness.ts";

/** The cap: 24 KB of compact JSON. */
const CAP_BYTES = 24 * 1024;

let h: McpHarness;
beforeAll(async () => {
  h = await startMcpHarness("admin:sub-admin:admin,auditor:sub-aud:auditor");
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

test("the admin's tools/list is at most 24 KB of compact JSON, with every tool described", async () => {
  const { tools } = await (await h.v1("admin")).listTools();
  const bytes = Buffer.byteLength(JSON.stringify({ tools }), "utf8");
  expect(bytes).toBeLessThanOrEqual(CAP_BYTES);
  expect(tools.length).toBeGreaterThan(40);
  for (const t of tools) {
    expect(t.description?.length ?? 0, t.name).toBeGreaterThan(30);
    expect(t.inputSchema.type, t.name).toBe("object");
  }
  // Fewer tools for a narrower profile: the auditor's list is smaller still.
  const auditor = await (await h.v1("auditor")).listTools();
  expect(auditor.tools.length).toBeLessThan(tools.length);
});
