/**
 * Unity Connection over VOS SSH end to end (the CUCM SSH tools parameterised by product): an
 * unknown host key is refused with the fingerprint and the cuc trust tool to call, the operator
 * may not trust (restricted), the admin trusts, then commands run within each profile's SSH
 * allowlist (`cuc.ssh`), and the connectivity check passes for CUPI and SSH.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cuc");
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const sc = (r: Result): Record<string, unknown> => r.structuredContent ?? {};
const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;

describe("Unity Connection SSH tools against the lab", () => {
  test("untrusted key → UntrustedHostKeyError naming cuc_os_trust_fingerprint; admin trusts; commands run", async () => {
    const first = await call("auditor", "cuc_os_run_command", { host: bed.node.ip, command: "show status" });
    expect(errorOf(first)?.code).toBe("UntrustedHostKeyError");
    const fp = String(errorOf(first)?.fingerprint);
    expect(fp).toStartWith("SHA256:");
    expect(String(errorOf(first)?.hint)).toContain("cuc_os_trust_fingerprint");
    const operatorTools = (await (await bed.h.v1("operator")).listTools()).tools.map((t) => t.name);
    expect(operatorTools).toContain("cuc_os_run_command");
    expect(operatorTools).not.toContain("cuc_os_trust_fingerprint");
    const trust = await call("admin", "cuc_os_trust_fingerprint", { host: bed.node.ip, fingerprint: fp });
    expect(trust.isError).toBeFalsy();
    const out = await call("auditor", "cuc_os_run_command", { host: bed.node.ip, command: "show version active" });
    expect(out.isError).toBeFalsy();
    expect(String(sc(out).output)).toContain("15.0.1.10000-19");
    const denied = await call("auditor", "cuc_os_run_command", { host: bed.node.ip, command: "utils system restart" });
    expect(errorOf(denied)?.code).toBe("ProfilePermissionError");
    expect(bed.h.audit().some((e) => e.event === "fingerprint.trusted" && e.fingerprint === fp)).toBe(true);
  }, 30_000);

  test("cuc_check_connectivity: CUPI and SSH steps all succeed once the key is trusted", async () => {
    const r = await call("auditor", "cuc_check_connectivity", { host: bed.node.ip });
    const results = sc(r).results as Record<string, { ok: boolean; steps: Array<{ step: string }> }>;
    expect(results["cupi"]?.ok).toBe(true);
    expect(results["ssh"]?.ok).toBe(true);
    expect(results["ssh"]?.steps.map((s) => s.step)).toEqual(["tcp", "hostKey", "auth"]);
  }, 30_000);

  test("bridge_list_hosts: Unity Connection publisher from its own cluster; no credentials, no hosts", async () => {
    const r = await call("auditor", "bridge_list_hosts", {});
    expect(sc(r).hosts).toMatchObject([
      { host: bed.node.ip, product: "cuc", role: "Unity Connection publisher", role_from: "cluster" },
    ]);
    expect(sc(r).other_members).toBeUndefined();
    const none = await call("nocred", "bridge_list_hosts", {});
    expect(sc(none).hosts).toEqual([]);
  }, 30_000);

  test("no OS credential → CredentialsMissingError naming cuc_os_store_credentials", async () => {
    const r = await call("nocred", "cuc_os_run_command", { host: bed.node.ip, command: "show status" });
    expect(errorOf(r)?.code).toBe("CredentialsMissingError");
    expect(String(errorOf(r)?.hint)).toContain("cuc_os_store_credentials");
  });
});
