/**
 * Upstream faults and RBAC denials through the CUCM tools: every lab fault knob (503, AXL memory
 * fault, connection reset, malformed XML, a huge answer, latency beyond the timeout, the RIS
 * per-minute limit, a changed SSH host key) ends in a typed tool error with a hint, and the next
 * call succeeds; each service's RBAC denial is isError + ProfilePermissionError with an audit line.
 * The bridge's RIS budget runs on a virtual clock here, so waits cost no real time.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { errorOf, type Result, startTestBed, type TestBed, validateCapturedRequests } from "../support/test-bed.ts";

let bed: TestBed;
let virtualOffset = 0;
beforeAll(async () => {
  bed = await startTestBed("cucm", {
    env: { SERVER_CUCM_ZEEP_TIMEOUT: "1" },
    inject: {
      now: () => Date.now() + virtualOffset,
      sleep: async (ms) => {
        virtualOffset += ms;
      },
      sshIdleMs: 1,
    },
  });
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const call = async (client: string, name: string, args: Record<string, unknown>, opts = {}) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args }, undefined, opts)) as Result;
const version = () => call("admin", "cucm_get_version", { host: bed.node.ip });

async function expectTypedThenRecovery(code: string) {
  const failed = await version();
  expect(failed.isError).toBe(true);
  expect(errorOf(failed)?.code).toBe(code);
  expect(String(errorOf(failed)?.hint).length).toBeGreaterThan(10);
  const next = await version();
  expect(next.isError).toBeFalsy();
  expect(next.structuredContent?.version).toBe("15.0.1.12900(34)");
}

describe("lab faults become typed tool errors, and the next call succeeds", () => {
  test("HTTP 503 on every retry → UpstreamThrottledError", async () => {
    bed.lab.knobs.set({ axl503Count: 4 });
    await expectTypedThenRecovery("UpstreamThrottledError");
  });

  test("AXL memory allocation fault on every retry → UpstreamThrottledError", async () => {
    bed.lab.knobs.set({ axlMemoryFaultCount: 4 });
    await expectTypedThenRecovery("UpstreamThrottledError");
  });

  test("connection reset twice (the read is retried once) → UpstreamUnavailableError", async () => {
    bed.lab.knobs.set({ resetCount: 2 });
    const failed = await version();
    expect(["UpstreamUnavailableError", "UpstreamProtocolError"]).toContain(String(errorOf(failed)?.code));
    bed.lab.knobs.set({ resetCount: 0 });
    expect((await version()).isError).toBeFalsy();
  });

  test("malformed XML twice → UpstreamProtocolError", async () => {
    bed.lab.knobs.set({ malformedCount: 2 });
    await expectTypedThenRecovery("UpstreamProtocolError");
  });

  test("an answer above CUCM's 8 MB cap → UpstreamProtocolError", async () => {
    bed.lab.knobs.set({ hugeResponseBytes: 9 * 1024 * 1024, hugeResponseCount: 1 });
    await expectTypedThenRecovery("UpstreamProtocolError");
  });

  test("latency beyond SERVER_CUCM_ZEEP_TIMEOUT → UpstreamTimeoutError", async () => {
    bed.lab.knobs.set({ latencyMs: 1_500 });
    const failed = await version();
    expect(errorOf(failed)?.code).toBe("UpstreamTimeoutError");
    bed.lab.knobs.set({ latencyMs: 0 });
    await Bun.sleep(1_600); // let the slow answer drain before the next call
    expect((await version()).isError).toBeFalsy();
  }, 15_000);

  test("RIS per-minute limit on the node → progress while waiting, then UpstreamThrottledError; next call succeeds", async () => {
    bed.lab.knobs.set({ risPerMinute: 1 });
    expect((await call("admin", "cucm_risport_query", { host: bed.node.ip })).isError).toBeFalsy();
    const progress: Array<{ message?: string }> = [];
    const failed = await call(
      "admin",
      "cucm_risport_query",
      { host: bed.node.ip },
      { onprogress: (p: { message?: string }) => progress.push(p) },
    );
    expect(errorOf(failed)?.code).toBe("UpstreamThrottledError");
    expect(progress.some((p) => String(p.message).includes("RIS query budget"))).toBe(true);
    bed.lab.knobs.set({ risPerMinute: 1000 });
    const ok = await call("admin", "cucm_risport_query", { host: bed.node.ip });
    expect(ok.isError).toBeFalsy();
    expect(Number(ok.structuredContent?.count)).toBeGreaterThan(0);
  });

  test("a cancelled RIS query stops and is audited as CancelledError; the next query succeeds", async () => {
    bed.lab.knobs.set({ latencyMs: 800 });
    const controller = new AbortController();
    const admin = await bed.h.v1("admin");
    const pending = admin.callTool({ name: "cucm_risport_query", arguments: { host: bed.node.ip } }, undefined, {
      signal: controller.signal,
    });
    await Bun.sleep(200);
    controller.abort();
    await expect(pending).rejects.toThrow();
    bed.lab.knobs.set({ latencyMs: 0 });
    let line: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && line === undefined; i++) {
      line = bed.h
        .audit()
        .find((e) => e.event === "tool.call" && e.tool === "cucm_risport_query" && e.outcome === "CancelledError");
      if (line === undefined) await Bun.sleep(50);
    }
    expect(line).toBeDefined();
    await Bun.sleep(800); // let the slow answer drain
    expect((await call("admin", "cucm_risport_query", { host: bed.node.ip })).isError).toBeFalsy();
  }, 15_000);

  test("changed SSH host key → HostKeyChangedError + fingerprint.rejected; re-trust → next call succeeds", async () => {
    const untrusted = await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show myself" });
    const fp = String(errorOf(untrusted)?.fingerprint);
    expect(
      (await call("admin", "cucm_os_trust_fingerprint", { host: bed.node.ip, fingerprint: fp })).isError,
    ).toBeFalsy();
    expect(
      (await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show myself" })).isError,
    ).toBeFalsy();
    const fresh = await bed.lab.replaceHostKey("cucm-pub");
    await Bun.sleep(20); // idle sessions (1 ms here) are closed: the next command reconnects
    const refused = await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show myself" });
    expect(errorOf(refused)?.code).toBe("HostKeyChangedError");
    expect(errorOf(refused)).toMatchObject({ expected: fp, presented: fresh });
    expect(bed.h.audit().some((e) => e.event === "fingerprint.rejected" && e.reason === "changed")).toBe(true);
    expect(
      (await call("admin", "cucm_os_trust_fingerprint", { host: bed.node.ip, fingerprint: fresh })).isError,
    ).toBeFalsy();
    expect(
      (await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show myself" })).isError,
    ).toBeFalsy();
    // An admin can also reject: the pinned key is forgotten and SSH is refused again.
    const rejected = await call("admin", "cucm_os_trust_fingerprint", {
      host: bed.node.ip,
      fingerprint: fresh,
      decision: "reject",
    });
    expect(rejected.structuredContent).toMatchObject({ decision: "reject", removed: fresh });
    await Bun.sleep(20);
    const after = await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show myself" });
    expect(errorOf(after)?.code).toBe("UntrustedHostKeyError");
    expect(bed.h.audit().some((e) => e.event === "fingerprint.rejected" && e.reason === "admin")).toBe(true);
  }, 30_000);
});

test("list* operations come back complete (paged with skip/first)", async () => {
  const inDb = bed.lab.db.query("SELECT count(*) AS n FROM device WHERE name LIKE 'SEP%'").get() as { n: number };
  const listed = await call("admin", "cucm_axl_call", {
    host: bed.node.ip,
    operation: "listPhone",
    data: { searchCriteria: { name: "SEP%" }, returnedTags: { name: "" } },
  });
  expect(listed.isError).toBeFalsy();
  const result = listed.structuredContent?.result as { phone: unknown[] } | undefined;
  expect(result?.phone.length).toBe(inDb.n);
  expect(bed.captured.some((e) => e.request.includes("<first>1000</first>"))).toBe(true);
});

describe("RBAC denials per service: isError + ProfilePermissionError + an audit line", () => {
  const deniedAudit = (tool: string) =>
    bed.h
      .audit()
      .filter(
        (e) =>
          e.event === "tool.call" &&
          e.client === "limited" &&
          e.tool === tool &&
          e.outcome === "ProfilePermissionError",
      );

  test("AXL operation outside the allowlist", async () => {
    const r = await call("limited", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "executeSQLUpdate",
      data: { sql: "delete from device" },
    });
    expect(r.isError).toBe(true);
    expect(errorOf(r)?.code).toBe("ProfilePermissionError");
    expect(deniedAudit("cucm_axl_call").length).toBeGreaterThanOrEqual(1);
    const allowed = await call("limited", "cucm_axl_call", { host: bed.node.ip, operation: "getCCMVersion" });
    expect(allowed.isError).toBeFalsy();
  });

  test("SSH command chaining", async () => {
    for (const command of [
      "show status; utils system restart",
      "show status && utils system restart",
      "utils system restart",
    ]) {
      const r = await call("limited", "cucm_os_run_command", { host: bed.node.ip, command });
      expect(errorOf(r)?.code).toBe("ProfilePermissionError");
    }
    expect(deniedAudit("cucm_os_run_command").length).toBeGreaterThanOrEqual(3);
  });

  test("RIS device class outside the profile's filter; Any is narrowed to phones", async () => {
    const r = await call("limited", "cucm_risport_query", { host: bed.node.ip, deviceClass: "Gateway" });
    expect(errorOf(r)?.code).toBe("ProfilePermissionError");
    expect(deniedAudit("cucm_risport_query").length).toBeGreaterThanOrEqual(1);
    const any = await call("limited", "cucm_risport_query", { host: bed.node.ip });
    const devices = any.structuredContent?.devices as Array<{ deviceClass: string }>;
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.every((d) => d.deviceClass === "Phone")).toBe(true);
  });

  test("phone screenshots without a phone section", async () => {
    const r = await call("limited", "cucm_phone_screenshot", { host: bed.node.ip, deviceName: "SEP000000000001" });
    expect(errorOf(r)?.code).toBe("ProfilePermissionError");
    expect(deniedAudit("cucm_phone_screenshot").length).toBeGreaterThanOrEqual(1);
  });
});

test("every AXL request the bridge sent during the faults validates against AXLSoap.xsd (one xmllint call)", () => {
  const res = validateCapturedRequests(bed.captured);
  if (res === undefined) return;
  expect(res.files).toBeGreaterThanOrEqual(10);
  expect(res.output).toBe("");
  expect(res.code).toBe(0);
});
