/**
 * The serviceability tools for IM&Presence against the lab's IM&P node: IM&P services and
 * PerfMon objects (not CUCM's), the operator refused a service outside its IM&P list, and no
 * DRF tool for IM&P (the DRF master runs on the CUCM publisher).
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
