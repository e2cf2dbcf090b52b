/**
 * The CUCM tools end to end: MCP SDK client over HTTPS → bridge (auth, RBAC, rate limit, audit)
 * → the lab over verified TLS / pinned SSH. Covers the happy path of every tool, the schema
 * catalogue after the toolkit download, host-key trust, prompts/resources, and finally checks
 * EVERY AXL request the bridge sent against Cisco's AXLSoap.xsd with one xmllint call.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { statSync } from "node:fs";
import { join } from "node:path";
import { errorOf, type Result, startTestBed, type TestBed, validateCapturedRequests } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  // A small AXL answer cap, so executeSQLQuery has to be split as on a big cluster.
  bed = await startTestBed("cucm", { lab: { maxQueryBytes: 600 } });
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const call = async (client: string, name: string, args: Record<string, unknown>, opts = {}) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args }, undefined, opts)) as Result;

describe("CUCM tools against the lab", () => {
  test("tools/list shows the CUCM tools with honest annotations", async () => {
    const admin = await bed.h.v1("admin");
    const tools = (await admin.listTools()).tools;
    const names = tools.map((t) => t.name);
    for (const n of [
      "cucm_get_version",
      "cucm_check_connectivity",
      "cucm_list_axl_operations",
      "cucm_describe_axl_operation",
      "cucm_axl_call",
      "cucm_download_axl_toolkit",
      "cucm_download_ris_toolkit",
      "cucm_risport_query",
      "cucm_os_run_command",
      "cucm_os_trust_fingerprint",
      "cucm_phone_screenshot",
    ])
      expect(names).toContain(n);
    const axl = tools.find((t) => t.name === "cucm_axl_call");
    expect(axl?.annotations?.readOnlyHint).toBeFalsy();
    expect(axl?.annotations?.destructiveHint).toBe(true);
    const limited = (await (await bed.h.v1("limited")).listTools()).tools.map((t) => t.name);
    expect(limited).not.toContain("cucm_os_trust_fingerprint");
    expect(limited).not.toContain("cucm_download_axl_toolkit");
  });

  test("cucm_get_version returns the lab's version and the negotiated schema", async () => {
    const r = await call("admin", "cucm_get_version", { host: bed.node.ip });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ version: "15.0.1.12900(34)", axlVersion: "15.0" });
  });

  test("cucm_axl_call without a cached schema sends as given and says so; catalogue tools say what to do", async () => {
    const sql = await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "executeSQLQuery",
      data: { sql: "select name, description from device" },
    });
    expect(sql.isError).toBeFalsy();
    expect(sql.structuredContent).toMatchObject({ schemaChecked: false });
    const rows = (sql.structuredContent!.result as { row: Array<{ name: string }> }).row;
    const all = bed.lab.db.query("SELECT count(*) AS n FROM device").get() as { n: number };
    expect(rows.length).toBe(all.n);
    expect(Number(sql.structuredContent?.requests)).toBeGreaterThan(1);
    const list = await call("admin", "cucm_list_axl_operations", { filter: "Phone" });
    expect(errorOf(list)?.code).toBe("NotFoundError");
    expect(String(errorOf(list)?.hint)).toContain("cucm_download_axl_toolkit");
  });

  test("toolkit download (admin) → list, describe, and schema-checked calls in schema order", async () => {
    const dl = await call("admin", "cucm_download_axl_toolkit", { host: bed.node.ip });
    expect(dl.isError).toBeFalsy();
    expect(dl.structuredContent?.versions as string[]).toContain("15.0");
    const list = await call("admin", "cucm_list_axl_operations", { filter: "Phone" });
    expect(list.structuredContent?.operations as string[]).toContain("getPhone");
    const desc = await call("admin", "cucm_describe_axl_operation", { operation: "getPhone" });
    expect(desc.isError).toBeFalsy();
    expect(JSON.stringify(desc.structuredContent)).toContain("name");
    const devices = await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "executeSQLQuery",
      data: { sql: "select first 1 name from device where name like 'SEP%'" },
    });
    const name = (devices.structuredContent!.result as { row: Array<{ name: string }> }).row[0]?.name;
    // returnedTags before name: the schema order puts name first.
    const phone = await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "getPhone",
      data: { returnedTags: { name: "", description: "" }, name },
    });
    expect(phone.isError).toBeFalsy();
    expect(phone.structuredContent).toMatchObject({ schemaChecked: true });
    expect(JSON.stringify(phone.structuredContent?.result)).toContain(String(name));
    const bad = await call("admin", "cucm_axl_call", { host: bed.node.ip, operation: "getPhone", data: { nme: "x" } });
    expect(errorOf(bad)?.code).toBe("ValidationError");
    const ris = await call("admin", "cucm_download_ris_toolkit", { host: bed.node.ip });
    expect(ris.isError).toBeFalsy();
  }, 60_000);

  test("cucm_risport_query returns every device, merged, with progress notifications", async () => {
    const progress: Array<{ progress: number; message?: string }> = [];
    const r = await call(
      "admin",
      "cucm_risport_query",
      { host: bed.node.ip },
      { onprogress: (p: { progress: number; message?: string }) => progress.push(p) },
    );
    expect(r.isError).toBeFalsy();
    const devices = r.structuredContent?.devices as Array<{ name: string }>;
    expect(devices.length).toBe(r.structuredContent?.count as number);
    expect(new Set(devices.map((d) => d.name)).size).toBe(devices.length);
    const expected = new Set(bed.lab.devices.risDevices().map((d) => d.name)).size;
    expect(devices.length).toBe(expected);
    expect(progress.length).toBeGreaterThan(0);
  });

  test("SSH: unknown key refused with the fingerprint; wrong trust rejected; right trust works; all audited", async () => {
    const first = await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show status" });
    expect(errorOf(first)?.code).toBe("UntrustedHostKeyError");
    const fp = String(errorOf(first)?.fingerprint);
    expect(fp).toStartWith("SHA256:");
    expect(String(errorOf(first)?.hint)).toContain("cucm_os_trust_fingerprint");
    const wrong = await call("admin", "cucm_os_trust_fingerprint", {
      host: bed.node.ip,
      fingerprint: `SHA256:${"A".repeat(43)}`,
    });
    expect(errorOf(wrong)?.code).toBe("ValidationError");
    const ok = await call("admin", "cucm_os_trust_fingerprint", { host: bed.node.ip, fingerprint: fp });
    expect(ok.isError).toBeFalsy();
    const file = join(bed.h.root, "secrets", "known_hosts.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const out = await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show  status" });
    expect(out.isError).toBeFalsy();
    expect(out.structuredContent?.command).toBe("show status");
    expect(String(out.structuredContent?.output).length).toBeGreaterThan(0);
    // Host keys are appliance-wide: another client uses the same trust.
    const other = await call("limited", "cucm_os_run_command", { host: bed.node.ip, command: "show myself" });
    expect(other.isError).toBeFalsy();
    const audit = bed.h.audit();
    expect(audit.filter((e) => e.event === "fingerprint.rejected").map((e) => e.reason)).toEqual(
      expect.arrayContaining(["untrusted", "mismatch"]),
    );
    expect(audit.some((e) => e.event === "fingerprint.trusted" && e.fingerprint === fp)).toBe(true);
  }, 30_000);

  test("cucm_check_connectivity: every step of AXL, RIS and SSH succeeds", async () => {
    const r = await call("admin", "cucm_check_connectivity", { host: bed.node.ip });
    const results = r.structuredContent?.results as Record<string, { ok: boolean; steps: unknown[] }>;
    expect(results["axl"]?.ok).toBe(true);
    expect(results["ris"]?.ok).toBe(true);
    expect(results["ssh"]?.ok).toBe(true);
    expect(results["ssh"]?.steps).toHaveLength(3);
  }, 30_000);

  test("cucm_phone_screenshot: IP from RIS, stored phone credentials, PNG image content, saved to reports", async () => {
    const phone = bed.lab.devices.risDevices().find((d) => d.deviceClass === "Phone" && d.status === "Registered");
    const r = await call("admin", "cucm_phone_screenshot", { host: bed.node.ip, deviceName: phone?.name, save: true });
    expect(r.isError).toBeFalsy();
    const image = r.content.find((c) => c.type === "image");
    expect(image?.mimeType).toBe("image/png");
    expect(Buffer.from(String(image?.data), "base64").subarray(1, 4).toString()).toBe("PNG");
    expect(r.structuredContent?.ip).toBe(phone?.ip);
    const saved = join(bed.h.root, "clients", "admin", "reports", String(r.structuredContent?.saved));
    expect(statSync(saved).size).toBeGreaterThan(100);
    const missing = await call("admin", "cucm_phone_screenshot", { host: bed.node.ip, deviceName: "SEPFFFFFFFFFFFF" });
    expect(errorOf(missing)?.code).toBe("NotFoundError");
  });

  test("missing credentials are a typed error pointing to the store tool", async () => {
    const r = await call("admin", "cucm_get_version", { host: "cucm-unknown.example" });
    expect(errorOf(r)?.code).toBe("CredentialsMissingError");
    expect(String(errorOf(r)?.hint)).toContain("cucm_store_credentials");
  });

  test("prompts and resources are listed and readable", async () => {
    const admin = await bed.h.v1("admin");
    const prompts = (await admin.listPrompts()).prompts.map((p) => p.name);
    expect(prompts).toEqual(
      expect.arrayContaining([
        "cucm_cluster_health_check",
        "cucm_phone_inventory_review",
        "cucm_troubleshoot_phone_registration",
        "cucm_security_audit",
        "cucm_dial_plan_review",
      ]),
    );
    const p = await admin.getPrompt({
      name: "cucm_troubleshoot_phone_registration",
      arguments: { host: "h1", deviceName: "SEP1" },
    });
    expect(JSON.stringify(p.messages)).toContain("SEP1");
    const uris = (await admin.listResources()).resources.map((r) => r.uri);
    for (const uri of ["cucm://axl/cheatsheet", "cucm://ris/fields", "cucm://vos/commands"]) {
      expect(uris).toContain(uri);
      const read = await admin.readResource({ uri });
      expect(String((read.contents[0] as { text: string }).text).length).toBeGreaterThan(200);
    }
  });

  test("every AXL request the bridge sent validates against AXLSoap.xsd (one xmllint call)", () => {
    const res = validateCapturedRequests(bed.captured);
    if (res === undefined) return;
    expect(res.files).toBeGreaterThanOrEqual(5);
    expect(res.output).toBe("");
    expect(res.code).toBe(0);
  });
});
