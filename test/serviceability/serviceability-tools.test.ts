/**
 * The serviceability tools end to end: MCP SDK client over HTTPS → bridge (RBAC, rate limit,
 * audit) → the lab's Control Center and PerfMon endpoints over verified TLS. Status of the
 * publisher's services; a restart refused without confirm and done with it (the next status
 * shows the change); the operator limited to its non-core services; the auditor reading but
 * never controlling; a profile without a serviceability section getting nothing; PerfMon
 * list, collect and a sampled session with rates; a Control Center fault reaching the agent.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm", {
    modules: ["serviceability"],
    clients: ["auditor:sub-aud:auditor", "operator:sub-op:operator", "cpu:sub-cpu:cpu"],
    profiles: {
      cpu: {
        description: "Test: PerfMon Processor counters only.",
        product_scope: ["cucm"],
        cucm: { serviceability: { rate_limit: 100, perfmon_objects: ["Processor"] } },
      },
    },
  });
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const sc = (r: Result): Record<string, unknown> => r.structuredContent ?? {};
const text = (r: Result): string => (r.content ?? []).map((c) => (c as { text?: string }).text ?? "").join("\n");
const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;
type Svc = { name: string; status: string };
const statusOf = async (service: string) => {
  const r = await call("auditor", "cucm_service_status", { host: bed.node.ip, services: [service] });
  return (sc(r).nodes as Array<{ services: Svc[] }>)[0]?.services[0]?.status;
};

describe("service status and control", () => {
  test("the publisher's services: Cisco CallManager with a state, in the text block too", async () => {
    const r = await call("auditor", "cucm_service_status", { host: bed.node.ip });
    expect(r.isError).toBeFalsy();
    const services = (sc(r).nodes as Array<{ services: Svc[] }>)[0]?.services ?? [];
    expect(services.find((s) => s.name === "Cisco CallManager")?.status).toBe("Started");
    expect(text(r)).toContain("Cisco CallManager\tStarted");
  });

  test("a restart without confirm is refused and changes nothing; with confirm (admin) it does", async () => {
    const refused = await call("admin", "cucm_service_control", {
      host: bed.node.ip,
      action: "restart",
      services: ["Cisco CallManager"],
    });
    expect(errorOf(refused)?.code).toBe("ValidationError");
    expect(text(refused)).toContain("confirm: true");
    expect(await statusOf("Cisco CallManager")).toBe("Started");
    const done = await call("admin", "cucm_service_control", {
      host: bed.node.ip,
      action: "restart",
      services: ["Cisco CallManager"],
      confirm: true,
    });
    expect(done.isError).toBeFalsy();
    expect(await statusOf("Cisco CallManager")).toBe("Starting");
    const log = await Bun.file(`${bed.h.root}/logs/audit.log`).text();
    expect(log).toContain("cucm_service_control");
  });

  test("operator: restart of a non-core service only; auditor: no control at all", async () => {
    const core = await call("operator", "cucm_service_control", {
      host: bed.node.ip,
      action: "restart",
      services: ["Cisco CallManager"],
      confirm: true,
    });
    expect(errorOf(core)?.code).toBe("ProfilePermissionError");
    const stop = await call("operator", "cucm_service_control", {
      host: bed.node.ip,
      action: "stop",
      services: ["Cisco Tftp"],
      confirm: true,
    });
    expect(errorOf(stop)?.code).toBe("ProfilePermissionError");
    const ok = await call("operator", "cucm_service_control", {
      host: bed.node.ip,
      action: "restart",
      services: ["Cisco Tftp"],
      confirm: true,
    });
    expect(ok.isError).toBeFalsy();
    const auditor = await call("auditor", "cucm_service_control", {
      host: bed.node.ip,
      action: "restart",
      services: ["Cisco Tftp"],
      confirm: true,
    });
    expect(errorOf(auditor)?.code).toBe("ProfilePermissionError");
  });

  test("a profile without a serviceability section gets nothing from it", async () => {
    for (const [name, args] of [
      ["cucm_service_status", { host: bed.node.ip }],
      ["cucm_perfmon_collect", { host: bed.node.ip, object: "Cisco CallManager" }],
    ] as const) {
      const r = await call("limited", name, args);
      expect(errorOf(r)?.code).toBe("ProfilePermissionError");
    }
  });

  test("a Control Center fault reaches the agent with the service named", async () => {
    const r = await call("auditor", "cucm_service_status", { host: bed.node.ip, services: ["Cisco Nothing"] });
    expect(errorOf(r)?.code).toBe("UpstreamProtocolError");
    expect(text(r)).toContain("Cisco Nothing");
  });

  test("the catalogue names the services the control tool takes", async () => {
    const r = await call("auditor", "cucm_service_catalogue", { host: bed.node.ip });
    expect((sc(r).services as Svc[]).map((s) => s.name)).toContain("Cisco Tftp");
  });
});

describe("PerfMon", () => {
  test("list, then collect a Cisco CallManager counter as a number", async () => {
    const list = await call("auditor", "cucm_perfmon_list", { host: bed.node.ip, object: "Processor" });
    expect(sc(list).instances).toContain("_Total");
    const r = await call("auditor", "cucm_perfmon_collect", {
      host: bed.node.ip,
      object: "Cisco CallManager",
      counters: ["CallsActive", "RegisteredHardwarePhones"],
    });
    expect(r.isError).toBeFalsy();
    const values = sc(r).values as Array<{ counter: string; value: number }>;
    expect(values.map((v) => v.counter).sort()).toEqual(["CallsActive", "RegisteredHardwarePhones"]);
    expect(typeof values[0]?.value).toBe("number");
    expect(values.find((v) => v.counter === "RegisteredHardwarePhones")?.value).toBeGreaterThan(0);
  });

  test("a sampled session summarises each counter and gives a rate for a cumulative one", async () => {
    const r = await call("auditor", "cucm_perfmon_sample", {
      host: bed.node.ip,
      counters: [
        { object: "Cisco CallManager", counter: "CallsAttempted" },
        { object: "Processor", instance: "_Total", counter: "% CPU Time" },
      ],
      samples: 2,
      interval_seconds: 1,
    });
    expect(r.isError).toBeFalsy();
    const rows = sc(r).counters as Array<{ counter: string; ratePerSecond?: number; last: number }>;
    expect(rows.find((x) => x.counter === "CallsAttempted")?.ratePerSecond).toBeGreaterThanOrEqual(0);
    expect(rows.find((x) => x.counter === "% CPU Time")?.ratePerSecond).toBeUndefined();
  });

  test("an object outside perfmon_objects is refused; one inside is read", async () => {
    const denied = await call("cpu", "cucm_perfmon_collect", { host: bed.node.ip, object: "Memory" });
    expect(errorOf(denied)?.code).toBe("ProfilePermissionError");
    expect(text(denied)).toContain("perfmon_objects");
    const ok = await call("cpu", "cucm_perfmon_collect", { host: bed.node.ip, object: "Processor" });
    expect(ok.isError).toBeFalsy();
    const status = await call("cpu", "cucm_service_status", { host: bed.node.ip });
    expect(errorOf(status)?.code).toBe("ProfilePermissionError");
  });
});

describe("DRF and certificates over the VOS CLI", () => {
  test("an untrusted host key names the trust tool; after trust, DRF status and a week of history", async () => {
    const first = await call("auditor", "cucm_drf_status", { host: bed.node.ip });
    expect(errorOf(first)?.code).toBe("UntrustedHostKeyError");
    expect(String(errorOf(first)?.hint)).toContain("cucm_os_trust_fingerprint");
    const trust = await call("admin", "cucm_os_trust_fingerprint", {
      host: bed.node.ip,
      fingerprint: String(errorOf(first)?.fingerprint),
    });
    expect(trust.isError).toBeFalsy();
    const r = await call("auditor", "cucm_drf_status", { host: bed.node.ip });
    expect(r.isError).toBeFalsy();
    const history = sc(r).history as Array<{ tar: string; result: string }>;
    expect(history.length).toBe(7);
    expect(history.every((h) => h.result === "SUCCESS")).toBe(true);
    expect((sc(r).failures as string[]).length).toBe(0);
    expect((sc(r).status as { status: string }).status).toContain("SUCCESS");
    expect(text(r)).toContain("0 not successful");
  }, 30_000);

  test("certificates with expiry: the one expiring within the window is flagged", async () => {
    const r = await call("auditor", "cucm_certificate_list", { host: bed.node.ip, expiring_within_days: 30 });
    expect(r.isError).toBeFalsy();
    const certs = sc(r).certificates as Array<{ unit: string; daysLeft: number; expiringSoon: boolean }>;
    expect(certs.map((c) => c.unit)).toContain("CallManager");
    const soon = certs.filter((c) => c.expiringSoon).map((c) => c.unit);
    expect(soon).toEqual(["ipsec"]);
    expect(certs.find((c) => c.unit === "tomcat")?.daysLeft).toBeGreaterThan(365);
    const denied = await call("limited", "cucm_certificate_list", { host: bed.node.ip });
    expect(errorOf(denied)?.code).toBe("ProfilePermissionError");
  }, 30_000);

  test("the VOS CLI and Control Center share the node's service state", async () => {
    const stop = await call("admin", "cucm_os_run_command", {
      host: bed.node.ip,
      command: "utils service stop Cisco Extension Mobility",
    });
    expect(stop.isError).toBeFalsy();
    expect(await statusOf("Cisco Extension Mobility")).toBe("Stopped");
    const start = await call("admin", "cucm_service_control", {
      host: bed.node.ip,
      action: "start",
      services: ["Cisco Extension Mobility"],
      confirm: true,
    });
    expect(start.isError).toBeFalsy();
    const list = await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "utils service list" });
    expect(String(sc(list).output)).toMatch(/Cisco Extension Mobility\[STARTING\]|Cisco Extension Mobility\[STARTED\]/);
  }, 30_000);
});
