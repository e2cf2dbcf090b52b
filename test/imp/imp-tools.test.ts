/**
 * The IM&Presence tools end to end: MCP SDK client over HTTPS → bridge (auth, RBAC, rate limit)
 * → the lab's IM&P node (AXL over verified TLS, VOS SSH behind a pinned key). Version, SQL via
 * imp_axl_call, an AXL denial from the imp.axl allowlist, host-key trust and a command, the
 * connectivity check, and a missing credential.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openVault } from "../../src/vault/vault.ts";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("imp");
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const sc = (r: Result): Record<string, unknown> => r.structuredContent ?? {};
const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;

describe("IM&Presence tools against the lab", () => {
  test("tools/list shows the imp tools; trust is admin-only; imp_axl_call is honest about writes", async () => {
    const tools = (await (await bed.h.v1("operator")).listTools()).tools;
    const names = tools.map((t) => t.name);
    for (const n of ["imp_get_version", "imp_axl_call", "imp_check_connectivity", "imp_os_run_command"])
      expect(names).toContain(n);
    expect(names).not.toContain("imp_os_trust_fingerprint");
    // Not read-only (the spec's default, so the hint is left out) and destructive.
    const axl = tools.find((t) => t.name === "imp_axl_call")?.annotations;
    expect(axl?.readOnlyHint).toBeFalsy();
    expect(axl?.destructiveHint).toBe(true);
  });

  test("imp_get_version returns the IM&P version and the negotiated schema", async () => {
    const r = await call("auditor", "imp_get_version", { host: bed.node.ip });
    expect(r.isError).toBeFalsy();
    expect(sc(r)).toMatchObject({ version: "15.0.1.12900(22)", axlVersion: "15.0" });
  });

  test("imp_axl_call: SQL on the IM&P database; an operation outside imp.axl is refused", async () => {
    const r = await call("auditor", "imp_axl_call", {
      host: bed.node.ip,
      operation: "executeSQLQuery",
      data: { sql: "select name from processnode" },
    });
    expect(r.isError).toBeFalsy();
    const rows = (sc(r).result as { row: Array<{ name: string }> }).row;
    expect(rows.map((x) => x.name)).toContain("imp-pub");
    const denied = await call("auditor", "imp_axl_call", {
      host: bed.node.ip,
      operation: "executeSQLUpdate",
      data: { sql: "delete from enduser" },
    });
    expect(errorOf(denied)?.code).toBe("ProfilePermissionError");
  });

  test("SSH: untrusted key names imp_os_trust_fingerprint; admin trusts; command runs; connectivity all green", async () => {
    const first = await call("operator", "imp_os_run_command", { host: bed.node.ip, command: "show status" });
    expect(errorOf(first)?.code).toBe("UntrustedHostKeyError");
    expect(String(errorOf(first)?.hint)).toContain("imp_os_trust_fingerprint");
    const fp = String(errorOf(first)?.fingerprint);
    const trust = await call("admin", "imp_os_trust_fingerprint", { host: bed.node.ip, fingerprint: fp });
    expect(trust.isError).toBeFalsy();
    const out = await call("operator", "imp_os_run_command", { host: bed.node.ip, command: "show version active" });
    expect(out.isError).toBeFalsy();
    expect(String(sc(out).output).length).toBeGreaterThan(0);
    const c = await call("auditor", "imp_check_connectivity", { host: bed.node.ip });
    const results = sc(c).results as Record<string, { ok: boolean; steps: Array<{ step: string }> }>;
    expect(results["axl"]?.ok).toBe(true);
    expect(results["axl"]?.steps.map((s) => s.step)).toEqual(["tcp", "tls", "version"]);
    expect(results["ssh"]?.ok).toBe(true);
  }, 30_000);

  test("bridge_list_hosts: the IM&P node's role from its show network cluster (DBPub), its CUCM peers listed", async () => {
    const r = await call("operator", "bridge_list_hosts", {});
    expect(sc(r).hosts).toMatchObject([
      { host: bed.node.ip, product: "imp", role: "IM&P publisher", role_from: "cluster" },
    ]);
    expect(sc(r).other_members).toMatchObject([
      { host: "cucm-pub", product: "cucm", role: "CUCM publisher" },
      { host: "cucm-sub", product: "cucm", role: "CUCM subscriber" },
    ]);
  }, 30_000);

  test("no stored credential → CredentialsMissingError naming imp_store_credentials", async () => {
    const r = await call("nocred", "imp_get_version", { host: bed.node.ip });
    expect(errorOf(r)?.code).toBe("CredentialsMissingError");
    expect(String(errorOf(r)?.hint)).toContain("imp_store_credentials");
    const s = await call("nocred", "imp_os_run_command", { host: bed.node.ip, command: "show status" });
    expect(String(errorOf(s)?.hint)).toContain("imp_os_store_credentials");
  });

  test("the IM&P health prompt is served with the host filled in", async () => {
    const client = await bed.h.v1("auditor");
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain("imp_health_check");
    const p = await client.getPrompt({ name: "imp_health_check", arguments: { host: "imp1.example" } });
    expect(JSON.stringify(p.messages)).toContain("imp1.example");
  });

  test("schema catalogue: admin-only toolkit download, then list/describe, and imp_axl_call checks the payload", async () => {
    const before = await call("auditor", "imp_axl_call", {
      host: bed.node.ip,
      operation: "executeSQLQuery",
      data: { sql: "select name from processnode" },
    });
    expect(sc(before).schemaChecked).toBe(false);
    const missing = await call("auditor", "imp_list_axl_operations", {});
    expect(errorOf(missing)?.code).toBe("NotFoundError");
    expect(String(errorOf(missing)?.hint)).toContain("imp_download_axl_toolkit");
    // The small lab's IM&P node has no toolkit plugin; the CUCM publisher's serves the same download path.
    const pub = bed.lab.nodes.find((n) => n.name === "cucm-pub");
    const vault = openVault({
      clientsDir: join(bed.h.root, "clients"),
      secretsDir: join(bed.h.root, "secrets"),
      client: "admin",
    });
    vault.put("imp", "axl", pub?.ip ?? "", { ...bed.lab.credentials.axl, port: pub?.httpsPort });
    const operatorTools = (await (await bed.h.v1("operator")).listTools()).tools.map((t) => t.name);
    expect(operatorTools).not.toContain("imp_download_axl_toolkit");
    const dl = await call("admin", "imp_download_axl_toolkit", { host: pub?.ip });
    expect(dl.isError).toBeFalsy();
    expect(sc(dl).versions as string[]).toContain("15.0");
    const list = await call("auditor", "imp_list_axl_operations", { filter: "SQL" });
    expect(sc(list).operations as string[]).toContain("executeSQLQuery");
    const desc = await call("auditor", "imp_describe_axl_operation", { operation: "executeSQLQuery" });
    expect(desc.isError).toBeFalsy();
    const after = await call("auditor", "imp_axl_call", {
      host: bed.node.ip,
      operation: "executeSQLQuery",
      data: { sql: "select name from processnode" },
    });
    expect(after.isError).toBeFalsy();
    expect(sc(after).schemaChecked).toBe(true);
  }, 30_000);
});
