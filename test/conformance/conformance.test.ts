/**
 * External checks against the real appliance (auth + MCP layers, HTTPS): the official
 * conformance runner (0.1.16, run with bun) through a loopback proxy that adds the bearer
 * token, with test/conformance/expected-failures.yml as its exact baseline; and the MCP
 * Inspector CLI listing the tools with a bearer header.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type McpHarness, startMcpHarness } from "../support/mcp-harness.ts";
import { type BearerProxy, startBearerProxy } from "./bearer-proxy.ts";

const ROOT = join(import.meta.dir, "..", "..");
const CONFORMANCE = join(ROOT, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");
const INSPECTOR = join(
  ROOT,
  "node_modules",
  "@modelcontextprotocol",
  "inspector",
  "clients",
  "launcher",
  "build",
  "index.js",
);

let h: McpHarness;
let proxy: BearerProxy;
let work: string;
beforeAll(async () => {
  h = await startMcpHarness("alice:sub-alice:admin");
  proxy = startBearerProxy(h.url, h.token("alice"), h.ca);
  work = mkdtempSync(join(tmpdir(), "aib-conf-"));
});
afterAll(async () => {
  await proxy.stop();
  await h.stop();
  rmSync(work, { recursive: true, force: true });
});

test("conformance server scenarios pass except the listed fixture-dependent ones", async () => {
  const proc = Bun.spawn(
    [
      process.execPath,
      CONFORMANCE,
      "server",
      "--url",
      proxy.url,
      "--expected-failures",
      join(import.meta.dir, "expected-failures.yml"),
      "-o",
      join(work, "results"),
    ],
    { cwd: work, stdout: "pipe", stderr: "pipe" },
  );
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) console.error(out.slice(-4000), err.slice(-2000));
  expect(out).toContain("Baseline check passed");
  for (const name of [
    "server-initialize",
    "ping",
    "logging-set-level",
    "tools-list",
    "resources-list",
    "prompts-list",
    "dns-rebinding-protection",
  ])
    expect(out).toMatch(new RegExp(`✓ ${name}: [1-9]\\d* passed, 0 failed`));
  expect(code).toBe(0);
}, 180_000);

test("the Inspector CLI lists the tools with a bearer header", async () => {
  const caFile = join(work, "ca.pem");
  writeFileSync(caFile, h.ca);
  const proc = Bun.spawn(
    [
      process.execPath,
      INSPECTOR,
      "--cli",
      h.url,
      "--transport",
      "http",
      "--header",
      `Authorization: Bearer ${h.token("alice")}`,
      "--method",
      "tools/list",
      "--format",
      "json",
    ],
    { cwd: work, stdout: "pipe", stderr: "pipe", env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile } },
  );
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) console.error(out.slice(-2000), err.slice(-2000));
  expect(code).toBe(0);
  const parsed = JSON.parse(out) as { tools?: Array<{ name: string }>; result?: { tools: Array<{ name: string }> } };
  const names = (parsed.tools ?? parsed.result?.tools ?? []).map((t) => t.name);
  expect(names).toContain("bridge_whoami");
  expect(names).toContain("cucm_store_credentials");
}, 120_000);
