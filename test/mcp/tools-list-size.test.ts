/**
 * tools/list sits in every agent's context on every connection, so its size is held: the admin
 * profile sees every core tool, and its tools/list (compact JSON, as served over HTTPS to the
 * MCP SDK client) must stay within 24 KB. The extra toolsets (src/mcp/toolsets.ts) are listed
 * only once the client switches them on with bridge_toolsets; their tools stay callable either way.
 * The same numbers are reported by bench/b7-tools-list.ts.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { type McpHarness, type Result, startMcpHarness } from "../support/mcp-harness.ts";

const CAP_BYTES = 24 * 1024;
const compactBytes = (tools: unknown[]) => Buffer.byteLength(JSON.stringify({ tools }), "utf8");

let h: McpHarness;
beforeAll(async () => {
  h = await startMcpHarness("admin:sub-admin:admin,auditor:sub-aud:auditor,operator:sub-op:operator");
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

test("the admin's tools/list stays within 24 KB of compact JSON, with every tool described", async () => {
  const { tools } = await (await h.v1("admin")).listTools();
  expect(compactBytes(tools)).toBeLessThanOrEqual(CAP_BYTES);
  expect(tools.length).toBeGreaterThan(40);
  const names = tools.map((t) => t.name);
  expect(names).toContain("bridge_toolsets");
  expect(names).toContain("cucm_axl_call");
  expect(names).not.toContain("cucm_service_status");
  for (const t of tools) {
    expect(t.description?.length ?? 0, t.name).toBeGreaterThan(30);
    expect(t.inputSchema.type, t.name).toBe("object");
  }
  // Fewer tools for a narrower profile: the auditor's list is smaller still.
  const auditor = await (await h.v1("auditor")).listTools();
  expect(auditor.tools.length).toBeLessThan(tools.length);
});

test("switching a toolset on lists its tools, tells the client, and is kept for the client", async () => {
  const client = await h.v1("operator");
  const before = (await client.listTools()).tools.map((t) => t.name);
  expect(before).not.toContain("cucm_service_status");
  expect(before).not.toContain("cucm_logs_list");
  let notified = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
    notified += 1;
  });
  // An unlisted tool the profile allows is still callable: listing is not a permission.
  const unlisted = (await client.callTool({ name: "cucm_captures", arguments: {} })) as Result;
  expect(unlisted.isError ?? false).toBe(true); // the operator's profile has no capture switch
  const direct = (await client.callTool({ name: "cucm_downloads", arguments: {} })) as Result;
  expect(direct.isError ?? false).toBe(false);

  const on = (await client.callTool({ name: "bridge_toolsets", arguments: { enable: ["serviceability"] } })) as Result;
  expect(on.isError ?? false).toBe(false);
  expect(on.content[0]?.text).toContain("serviceability: on");
  expect(on.content[0]?.text).toContain("cucm_service_status");
  expect(notified).toBe(1);
  const after = (await client.listTools()).tools.map((t) => t.name);
  expect(after).toContain("cucm_service_status");
  expect(after).toContain("cucm_risport_cti_query");
  expect(after).not.toContain("cucm_logs_list");
  // Kept per client (every token of it), in the client's own folder.
  const file = join(h.root, "clients", "operator", "toolsets.json");
  expect(JSON.parse(readFileSync(file, "utf8")).enabled).toEqual(["serviceability"]);
  // The same choice again changes nothing and sends nothing.
  const again = (await client.callTool({
    name: "bridge_toolsets",
    arguments: { enable: ["serviceability"] },
  })) as Result;
  expect(again.content[0]?.text).toContain("Nothing changed");
  expect(notified).toBe(1);
  // Another client's list is its own.
  const admin = (await (await h.v1("admin")).listTools()).tools.map((t) => t.name);
  expect(admin).not.toContain("cucm_service_status");
  expect(existsSync(join(h.root, "clients", "admin", "toolsets.json"))).toBe(false);

  const off = (await client.callTool({
    name: "bridge_toolsets",
    arguments: { disable: ["serviceability"] },
  })) as Result;
  expect(off.content[0]?.text).toContain("serviceability: off");
  expect((await client.listTools()).tools.map((t) => t.name)).not.toContain("cucm_service_status");
});

test("without arguments the toolsets and their tools are shown; an unknown toolset is refused with the names", async () => {
  const auditor = await h.v1("auditor");
  const r = (await auditor.callTool({ name: "bridge_toolsets", arguments: {} })) as Result;
  expect(r.content[0]?.text).toContain("serviceability: off; cucm_risport_cti_query");
  expect(r.content[0]?.text).toContain("Nothing changed");
  const bad = (await auditor.callTool({ name: "bridge_toolsets", arguments: { enable: ["traces"] } })) as Result;
  expect(bad.isError).toBe(true);
  expect(bad.content[0]?.text).toContain("serviceability, logs");
});

test("with every toolset on, the admin's list holds every tool of the appliance", async () => {
  const client = await h.v1("admin");
  await client.callTool({ name: "bridge_toolsets", arguments: { enable: ["serviceability", "logs"] } });
  const all = (await client.listTools()).tools;
  const core = (await (await h.v1("auditor")).listTools()).tools;
  expect(all.length).toBeGreaterThan(core.length);
  expect(all.map((t) => t.name)).toContain("cucm_logs_list");
  await client.callTool({ name: "bridge_toolsets", arguments: { disable: ["serviceability", "logs"] } });
});
