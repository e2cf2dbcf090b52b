/**
 * tools/list sits in every agent's context on every connection, so its size is held: the admin
 * profile sees every tool, and its tools/list (compact JSON, as served over HTTPS to the MCP SDK
 * client) must stay within the cap. The cap was set at 24 KB for a catalogue of 49 tools; every
 * tool added since may bring at most 450 bytes more (name, a short description, its arguments).
 * The same numbers are reported by bench/b7-tools-list.ts.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type McpHarness, startMcpHarness } from "../support/mcp-harness.ts";

/** 24 KB for the 49 tools the cap was set for, 450 bytes for each tool added since. */
const capFor = (tools: number) => 24 * 1024 + 450 * Math.max(0, tools - 49);

let h: McpHarness;
beforeAll(async () => {
  h = await startMcpHarness("admin:sub-admin:admin,auditor:sub-aud:auditor");
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

test("the admin's tools/list stays within its cap of compact JSON, with every tool described", async () => {
  const { tools } = await (await h.v1("admin")).listTools();
  const bytes = Buffer.byteLength(JSON.stringify({ tools }), "utf8");
  expect(bytes).toBeLessThanOrEqual(capFor(tools.length));
  expect(tools.length).toBeGreaterThan(40);
  for (const t of tools) {
    expect(t.description?.length ?? 0, t.name).toBeGreaterThan(30);
    expect(t.inputSchema.type, t.name).toBe("object");
  }
  // Fewer tools for a narrower profile: the auditor's list is smaller still.
  const auditor = await (await h.v1("auditor")).listTools();
  expect(auditor.tools.length).toBeLessThan(tools.length);
});
