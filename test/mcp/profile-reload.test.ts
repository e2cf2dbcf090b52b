/**
 * A custom profile through the running appliance: the seed-style structure works, tools/list
 * follows its product scope and tool rules, an edit is hot-reloaded without a restart, and a
 * broken edit keeps the last good version with a `profile.rejected` audit line.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applianceLayers } from "../../src/appliance/layers.ts";
import { type McpHarness, startMcpHarness } from "../support/mcp-harness.ts";

let h: McpHarness;
const write = (root: string, profile: unknown) =>
  writeFileSync(join(root, "profiles", "custom.json"), typeof profile === "string" ? profile : JSON.stringify(profile));

beforeAll(async () => {
  h = await startMcpHarness("carl:sub-carl:custom", {}, applianceLayers(), (root) => {
    mkdirSync(join(root, "profiles"), { recursive: true });
    write(root, {
      description: "CUCM reader",
      product_scope: ["cucm"],
      cucm: { axl: { rate_limit: 3, allowed_prefixes: ["get"] } },
    });
  });
});
afterAll(async () => {
  await h.stop();
});

async function toolNames(): Promise<string[]> {
  const client = await h.v1("carl");
  return (await client.listTools()).tools.map((t) => t.name);
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await Bun.sleep(30);
  }
  throw new Error("condition not reached");
}

test("scope and tool rules of a custom profile, hot reload, broken edit keeps the last good", async () => {
  const before = await toolNames();
  expect(before).toContain("cucm_list_credentials");
  expect(before).not.toContain("imp_list_credentials");
  expect(before).not.toContain("cucm_store_credentials");

  write(h.root, { product_scope: ["cucm", "imp"], tools: { allow: ["cucm_store_credentials"] } });
  await waitFor(async () => (await toolNames()).includes("imp_list_credentials"));
  const after = await toolNames();
  expect(after).toContain("cucm_store_credentials");
  expect(after).not.toContain("cucm_delete_credentials");
  expect(h.audit().some((e) => e.event === "profile.reloaded" && e.profile === "custom")).toBe(true);

  write(h.root, '{ "product_scope": ["cucm"], "cucm": ');
  await waitFor(async () => h.audit().some((e) => e.event === "profile.rejected" && e.profile === "custom"));
  expect(await toolNames()).toEqual(after);
  const rejected = h.audit().find((e) => e.event === "profile.rejected");
  expect(rejected).toMatchObject({ keptLastGood: true });
  expect(String(rejected?.problems)).toContain("JSON");
});
