/**
 * The serviceability tools for IM&Presence against the lab's IM&P node: IM&P services and
 * PerfMon objects (not CUCM's), the operator refused a service outside its IM&P list, no
 * DRF tool for IM&P (the DRF master runs on the CUCM publisher), and the IM&P node's own VOS
 * trace settings read and changed (the operator may not change them).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("imp", { modules: ["serviceability"] });
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const sc = (r: Result): Record<string, unknown> => r.structuredContent ?? {};
const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;

test("IM&P services and PerfMon objects; operator limited to its IM&P services", async () => {
  // Serviceability tools are listed once the client switches their toolset on.
  await call("auditor", "bridge_toolsets", { enable: ["serviceability"] });
  const names = (await (await bed.h.v1("auditor")).listTools()).tools.map((t) => t.name);
  expect(names).toContain("imp_service_status");
  expect(names).not.toContain("imp_drf_status");
  const r = await call("auditor", "imp_service_status", { host: bed.node.ip, services: ["Cisco Presence Engine"] });
  expect((sc(r).nodes as Array<{ services: Array<{ status: string }> }>)[0]?.services[0]?.status).toBe("Started");
  const objects = await call("auditor", "imp_perfmon_list", { host: bed.node.ip });
  const list = (sc(objects).objects as Array<{ name: string }>).map((o) => o.name);
  expect(list).toContain("Cisco Presence Engine");
  expect(list).not.toContain("Cisco CallManager");
  const denied = await call("operator", "imp_service_control", {
    host: bed.node.ip,
    action: "restart",
    services: ["Cisco Presence Engine"],
    confirm: true,
  });
  expect(errorOf(denied)?.code).toBe("ProfilePermissionError");
  const ok = await call("operator", "imp_service_control", {
    host: bed.node.ip,
    action: "restart",
    services: ["Cisco Client Profile Agent"],
    confirm: true,
  });
  expect(ok.isError).toBeFalsy();
});

test("every IM&P serviceability tool answers through the MCP client", async () => {
  const catalogue = await call("auditor", "imp_service_catalogue", { host: bed.node.ip });
  expect((sc(catalogue).services as Array<{ name: string }>).map((s) => s.name)).toContain("Cisco SIP Proxy");
  const collect = await call("auditor", "imp_perfmon_collect", { host: bed.node.ip, object: "Cisco Presence Engine" });
  expect(
    (sc(collect).values as Array<{ counter: string; value: number }>).find((v) => v.counter === "ActiveSubscriptions")
      ?.value,
  ).toBeGreaterThan(0);
  const sample = await call("auditor", "imp_perfmon_sample", {
    host: bed.node.ip,
    counters: [{ object: "Memory", counter: "% Mem Used" }],
    samples: 2,
    interval_seconds: 1,
  });
  expect((sc(sample).counters as unknown[]).length).toBe(1);
  const untrusted = await call("auditor", "imp_certificate_list", { host: bed.node.ip });
  expect(errorOf(untrusted)?.code).toBe("UntrustedHostKeyError");
  await call("admin", "imp_os_trust_fingerprint", {
    host: bed.node.ip,
    fingerprint: String(errorOf(untrusted)?.fingerprint),
  });
  const certs = await call("auditor", "imp_certificate_list", { host: bed.node.ip });
  expect((sc(certs).certificates as Array<{ unit: string }>).map((c) => c.unit)).toContain("cup-xmpp");
}, 60_000);

test("IM&P trace settings: read, changed with confirm by the admin, refused to the operator", async () => {
  let first = await call("auditor", "imp_trace_show", { host: bed.node.ip });
  if (errorOf(first)?.code === "UntrustedHostKeyError") {
    await call("admin", "imp_os_trust_fingerprint", {
      host: bed.node.ip,
      fingerprint: String(errorOf(first)?.fingerprint),
    });
    first = await call("auditor", "imp_trace_show", { host: bed.node.ip });
  }
  expect(first.isError).toBeFalsy();
  type Setting = { task: string; enabled: boolean; level?: string };
  expect((sc(first).tasks as Setting[]).find((t) => t.task === "cli")).toMatchObject({ enabled: true, level: "Error" });
  const set = await call("admin", "imp_trace_set", {
    host: bed.node.ip,
    task: "cli",
    level: "Significant",
    confirm: true,
  });
  expect(sc(set)).toMatchObject({ applied: true, setting: { task: "cli", level: "Significant" } });
  const after = await call("auditor", "imp_trace_show", { host: bed.node.ip, task: "cli" });
  expect((sc(after).tasks as Setting[])[0]).toMatchObject({ enabled: true, level: "Significant" });
  const denied = await call("operator", "imp_trace_set", {
    host: bed.node.ip,
    task: "cli",
    enabled: false,
    confirm: true,
  });
  expect(errorOf(denied)?.code).toBe("ProfilePermissionError");
}, 60_000);
