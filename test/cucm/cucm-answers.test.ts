/**
 * What an agent and an auditor get back from the CUCM tools, through the MCP SDK client against
 * the lab: the text block carries the data and every error detail (many hosts show the model the
 * text only), answers stay within the configured caps and say how to get the rest, tools that
 * return data declare an outputSchema, and the audit line of every call says what was done (AXL
 * operation and object, SQL, VOS command, RIS selection) without a secret.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Client } from "ssh2";
import { openVault } from "../../src/vault/vault.ts";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
const DATA_CAP = 4096;
const TEXT_CAP = 2000;

/** Every line the appliance types into a VOS shell, as `<host> <line>` (sessions are pooled, so connects say little). */
const typed: string[] = [];
function recordingSshClient(): Client {
  const client = new Client();
  let host = "";
  const connect = client.connect.bind(client);
  client.connect = (config) => {
    host = String(config.host);
    return connect(config);
  };
  const shell = client.shell.bind(client) as (o: unknown, cb: (e: Error | undefined, ch: unknown) => void) => Client;
  client.shell = ((options: unknown, cb: (e: Error | undefined, ch: { write(d: unknown): boolean }) => void) =>
    shell(options, (err, ch) => {
      const channel = ch as { write(d: unknown): boolean } | undefined;
      if (channel !== undefined) {
        const write = channel.write.bind(channel);
        channel.write = (data) => {
          typed.push(`${host} ${String(data).trim()}`);
          return write(data);
        };
      }
      cb(err, channel as { write(d: unknown): boolean });
    })) as unknown as Client["shell"];
  return client;
}

/** A profile whose SSH allowlist does not cover `show network cluster`. */
const NO_CLUSTER_PROFILE = {
  description: "Test: SSH without show commands.",
  product_scope: ["cucm"],
  cucm: {
    axl: { rate_limit: 100, allowed_prefixes: ["get"] },
    ssh: { rate_limit: 7, allowed_prefixes: ["utils service list"] },
  },
  tools: { allow: [] },
};

beforeAll(async () => {
  // Small caps, so the small lab's answers have to be cut.
  bed = await startTestBed("cucm", {
    env: { MCP_SERVER_RESULT_DATA_MAX_BYTES: String(DATA_CAP), MCP_SERVER_RESULT_TEXT_MAX_CHARS: String(TEXT_CAP) },
    clients: ["roles:sub-roles:operator", "nocluster:sub-nocluster:nocluster"],
    profiles: { nocluster: NO_CLUSTER_PROFILE },
    inject: { connectSsh: recordingSshClient },
  });
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const callLines = (tool: string) => bed.h.audit().filter((e) => e.event === "tool.call" && e.tool === tool).length;

/** Calls a tool, then waits (up to 3 s) for its audit line: audit.log is written asynchronously. */
const call = async (client: string, name: string, args: Record<string, unknown>) => {
  const before = callLines(name);
  const result = (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;
  for (let waited = 0; callLines(name) === before && waited < 3000; waited += 20) await Bun.sleep(20);
  return result;
};

const textOf = (r: Result) => r.content.map((c) => c.text ?? "").join("\n");

const lastCall = (tool: string) =>
  bed.h
    .audit()
    .filter((e) => e.event === "tool.call" && e.tool === tool)
    .at(-1);

describe("audit lines say what a call did", () => {
  test("an addLine names the operation and the line; an SQL query keeps its text with the password masked", async () => {
    const add = await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "addLine",
      data: { line: { pattern: "7777123", usage: "Device", description: "audit probe" } },
    });
    expect(add.isError).toBeFalsy();
    expect(lastCall("cucm_axl_call")?.action).toEqual({
      operation: "addLine",
      target: { "line.pattern": "7777123", "line.usage": "Device", "line.description": "audit probe" },
    });
    await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "executeSQLUpdate",
      data: { sql: "update enduser set firstname='Ann' where userid='ann' or password = 'S3cret-Probe'" },
    });
    const sql = lastCall("cucm_axl_call")?.action as { operation: string; sql: string };
    expect(sql.operation).toBe("executeSQLUpdate");
    expect(sql.sql).toContain("update enduser set firstname='Ann'");
    expect(sql.sql).toContain("password = [REDACTED]");
    expect(JSON.stringify(bed.h.audit())).not.toContain("S3cret-Probe");
    bed.h.secrets.push("S3cret-Probe");
  }, 60_000); // the first write fetches and parses the node's AXL schema

  test("a payload's secrets never reach the audit line, only identifying fields", async () => {
    await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "updateUser",
      data: { userid: "probe-user", password: "Upd4te-Secret", pin: "918273" },
    });
    expect(lastCall("cucm_axl_call")?.action).toEqual({ operation: "updateUser", target: { userid: "probe-user" } });
    const text = JSON.stringify(bed.h.audit());
    expect(text).not.toContain("Upd4te-Secret");
    expect(text).not.toContain("918273");
    bed.h.secrets.push("Upd4te-Secret");
  }, 60_000);

  test("a VOS command and a RIS selection are on their lines, also when refused", async () => {
    await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show   network eth0" });
    expect(lastCall("cucm_os_run_command")?.action).toEqual({ command: "show   network eth0" });
    await call("limited", "cucm_os_run_command", { host: bed.node.ip, command: "utils system restart" });
    const refused = lastCall("cucm_os_run_command");
    expect(refused).toMatchObject({ decision: "denied", action: { command: "utils system restart" } });
    await call("admin", "cucm_risport_query", { host: bed.node.ip, status: "Registered", items: ["SEP*"] });
    expect(lastCall("cucm_risport_query")?.action).toEqual({
      deviceClass: "Any",
      status: "Registered",
      selectBy: "Name",
      items: ["SEP*"],
    });
    const bad = await call("admin", "cucm_risport_query", { host: bed.node.ip, status: "Lost" });
    expect(errorOf(bad)?.code).toBe("ValidationError");
  });
});

describe("answers carry their data in the text, within the caps", () => {
  test("every tool that returns data declares an outputSchema; the SDK client checks each answer against it", async () => {
    const tools = (await (await bed.h.v1("admin")).listTools()).tools;
    const withoutData = /_(store|update|delete)_credentials$/;
    for (const t of tools) {
      if (withoutData.test(t.name)) expect(t.outputSchema).toBeUndefined();
      else expect(t.outputSchema?.type, t.name).toBe("object");
    }
  });

  test("an SQL answer: rows in the text as a table; beyond the caps cut, with how to page", async () => {
    const r = await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "executeSQLQuery",
      data: { sql: "select * from device" },
    });
    expect(r.isError).toBeFalsy();
    const all = bed.lab.db.query("SELECT name FROM device ORDER BY name").all() as Array<{ name: string }>;
    expect(Buffer.byteLength(JSON.stringify(r.structuredContent))).toBeLessThanOrEqual(DATA_CAP);
    const bounded = r.structuredContent?.bounded as { shown: number; total: number; hint: string; field: string };
    expect(r.structuredContent?.truncated).toBe(true);
    expect(bounded).toMatchObject({ field: "result.row", total: all.length });
    expect(bounded.shown).toBeGreaterThan(0);
    expect(bounded.shown).toBeLessThan(all.length);
    expect(bounded.hint).toContain("SKIP n FIRST m");
    const text = textOf(r);
    expect(text.length).toBeLessThanOrEqual(TEXT_CAP);
    const shown = (r.structuredContent!.result as { row: Array<{ name: string }> }).row;
    expect(text).toContain(`|${shown[0]?.name}|`);
    const rowsInText = text.split("\n").filter((l) => l.includes("|") && !l.startsWith("pkid|")).length;
    expect(text).toContain(`… ${all.length - rowsInText} more rows not shown; call again with SKIP n FIRST m`);
  });

  test("a small answer is whole, in the text too", async () => {
    const r = await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "listPhone",
      data: { searchCriteria: { name: "SEP%" }, returnedTags: { name: "", model: "" } },
    });
    const phones = (r.structuredContent!.result as { phone: Array<{ name: string; model: string }> }).phone;
    expect(phones.length).toBeGreaterThan(3);
    expect(r.structuredContent?.truncated).toBe(false);
    for (const p of phones) expect(textOf(r)).toContain(`|${p.name}|${p.model}`);
  });

  test("errors: the text has the code, the message, each field at fault and the hint", async () => {
    const bad = await call("admin", "cucm_risport_query", { host: bed.node.ip, status: "Lost", items: [""] });
    const text = textOf(bad);
    expect(text).toStartWith("ValidationError: Invalid input for cucm_risport_query: status, items.0");
    expect(text).toContain("\n- status: ");
    expect(text).toContain("\n- items.0: ");
    expect(text).toContain("\nHint: ");
    const dl = await call("admin", "cucm_download_axl_toolkit", { host: bed.node.ip });
    expect(dl.isError).toBeFalsy();
    const schema = await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "getPhone",
      data: { nme: "SEP00A1B2C30000" },
    });
    expect(errorOf(schema)?.code).toBe("ValidationError");
    expect(textOf(schema)).toContain("nme");
    const fault = await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "getPhone",
      data: { name: "SEPFFFFFFFFFFFF" },
    });
    expect(textOf(fault)).toContain('Details: {"axlcode":5007}');
  }, 30_000);

  test("describe is compact by default (listPhone under 8 KB) and gives the whole tree on request", async () => {
    const compact = await call("admin", "cucm_describe_axl_operation", { operation: "listPhone" });
    expect(compact.isError).toBeFalsy();
    const size = Buffer.byteLength(JSON.stringify({ content: compact.content, sc: compact.structuredContent }));
    expect(size).toBeLessThan(8 * 1024);
    const text = textOf(compact);
    expect(text).toContain("searchCriteria*");
    expect(text).toContain("returnedTags");
    expect(text).toContain("full: true");
    const full = await call("admin", "cucm_describe_axl_operation", { operation: "listPhone", full: true, depth: 4 });
    // The whole tree is bigger than this bed's 4 KB data cap, so it comes back cut, with a hint.
    expect(compact.structuredContent?.truncated).toBeUndefined();
    expect(full.structuredContent?.truncated).toBe(true);
    expect(String((full.structuredContent!.bounded as { hint: string }).hint)).toContain("narrow your request");
    const add = await call("admin", "cucm_describe_axl_operation", { operation: "addPhone" });
    // Required fields are marked, enums named: what an agent needs to build the payload.
    expect(textOf(add)).toMatch(/phone\*: \w+/);
  });
});

describe("RIS: a device's latest record over all nodes decides, whatever the status filter", () => {
  test("a phone registered on one node and unregistered on the other is only Registered", async () => {
    const records = bed.lab.devices.risDevices();
    const latest = new Map<string, (typeof records)[number]>();
    for (const r of records) {
      const prev = latest.get(r.name);
      if (prev === undefined || r.timestamp > prev.timestamp) latest.set(r.name, r);
    }
    const split = [...latest.values()].filter(
      (d) => d.status === "Registered" && records.some((r) => r.name === d.name && r.status === "UnRegistered"),
    );
    // The lab keeps an older UnRegistered record on the other node for some phones (a failover).
    expect(split.length).toBeGreaterThan(0);
    // The split phones and every phone that is unregistered everywhere (few enough for the small cap).
    const unregistered = [...latest.values()].filter((d) => d.status !== "Registered");
    const names = [...split, ...unregistered].map((d) => d.name);
    for (const status of ["Any", "Registered", "UnRegistered", "Rejected", "PartiallyRegistered", "Unknown"]) {
      const r = await call("admin", "cucm_risport_query", { host: bed.node.ip, status, items: names });
      expect(r.structuredContent?.truncated, status).toBeUndefined();
      expect(r.isError, status).toBeFalsy();
      const got = ((r.structuredContent?.devices ?? []) as Array<{ name: string; status: string; node: string }>)
        .map((d) => `${d.name} ${d.status} ${d.node}`)
        .sort();
      const want = [...latest.values()]
        .filter((d) => names.includes(d.name) && (status === "Any" || d.status === status))
        .map((d) => `${d.name} ${d.status} ${d.node}`)
        .sort();
      expect(got, status).toEqual(want);
      for (const d of split)
        expect(
          got.some((g) => g.startsWith(`${d.name} `)),
          `${d.name} in ${status}`,
        ).toBe(status === "Any" || status === "Registered");
    }
  }, 30_000);
});

describe("orientation", () => {
  test("the server instructions point to the first steps and the reference resources", async () => {
    const client = await bed.h.v1("admin");
    const text = client.getInstructions() ?? "";
    expect(text.split("\n").length).toBeLessThanOrEqual(8);
    for (const name of ["bridge_list_hosts", "bridge_whoami", "ai-bridge credentials set", "cucm://axl/cheatsheet"])
      expect(text).toContain(name);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    for (const named of text.match(/\b(?:bridge|cucm|cuc|imp)_[a-z_]+\b/g) ?? [])
      if (!named.startsWith("cuc_") && !named.startsWith("imp_")) expect(tools).toContain(named);
  });

  /** Pins `host`'s SSH key as admin, from the fingerprint `client`'s first command is refused with. */
  const trust = async (client: string, host: string, port?: number) => {
    const first = await call(client, "cucm_os_run_command", { host, command: "show myself" });
    const fingerprint = errorOf(first)?.fingerprint;
    if (fingerprint !== undefined)
      expect(
        (await call("admin", "cucm_os_trust_fingerprint", { host, fingerprint, ...(port ? { port } : {}) })).isError,
      ).toBeFalsy();
  };
  const vaultOf = (client: string) =>
    openVault({ clientsDir: join(bed.h.root, "clients"), secretsDir: join(bed.h.root, "secrets"), client });
  const clusterReads = (client: string) =>
    bed.h.audit().filter((e) => e.event === "cluster.read" && e.client === client);
  const networkClusterTyped = () => typed.filter((t) => t.endsWith(" show network cluster"));

  test("bridge_list_hosts: each stored node with its product, role from the cluster and credential kinds", async () => {
    await trust("admin", bed.node.ip);
    const r = await call("admin", "bridge_list_hosts", {});
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent?.hosts).toEqual([
      {
        host: bed.node.ip,
        product: "cucm",
        role: "CUCM publisher",
        role_from: "cluster",
        kinds: ["axl", "os", "phone"],
        users: expect.any(Array),
      },
    ]);
    const sub = bed.lab.nodes.find((n) => n.name === "cucm-sub");
    const imp = bed.lab.nodes.find((n) => n.name === "imp-pub");
    expect(r.structuredContent?.other_members).toEqual([
      { host: "cucm-sub", ip: sub?.ip, product: "cucm", role: "CUCM subscriber" },
      { host: "imp-pub", ip: imp?.ip, product: "imp", role: "IM&P publisher" },
    ]);
    expect(textOf(r)).toBe(
      `${bed.node.ip}: CUCM publisher (cucm); credentials axl, os, phone\n` +
        `Also in the cluster, no credentials of yours: cucm-sub ${sub?.ip} (CUCM subscriber), imp-pub ${imp?.ip} (IM&P publisher)`,
    );
  });

  test("bridge_list_hosts: inferred without an OS credential; a subscriber's own answer once the caller has one", async () => {
    const sub = bed.lab.nodes.find((n) => n.name === "cucm-sub");
    if (sub === undefined) throw new Error("the lab has no cucm-sub");
    const vault = vaultOf("roles");
    vault.remove("cucm", "os", bed.node.ip);
    const before = await call("roles", "bridge_list_hosts", {});
    expect(before.structuredContent?.hosts).toMatchObject([
      { host: bed.node.ip, role: "CUCM publisher", role_from: "inferred", kinds: ["axl", "phone"] },
    ]);
    expect(textOf(before)).toBe(`${bed.node.ip}: CUCM publisher (inferred) (cucm); credentials axl, phone`);
    expect(clusterReads("roles")).toEqual([]);

    vault.put("cucm", "os", sub.ip, { ...bed.lab.credentials.os, port: sub.sshPort });
    await trust("roles", sub.ip, sub.sshPort);
    const sent = networkClusterTyped().length;
    const after = await call("roles", "bridge_list_hosts", {});
    expect(after.structuredContent?.hosts).toMatchObject([
      { host: bed.node.ip, role: "CUCM publisher", role_from: "cluster" },
      { host: sub.ip, role: "CUCM subscriber", role_from: "cluster", kinds: ["os"] },
    ]);
    expect(textOf(after)).toContain(`${sub.ip}: CUCM subscriber (cucm); credentials os`);
    // The subscriber was asked (the only node the caller may log in to), once, on the SSH budget.
    expect(networkClusterTyped().slice(sent)).toEqual([`${sub.ip} show network cluster`]);
    expect(clusterReads("roles")).toMatchObject([{ host: sub.ip, product: "cucm", outcome: "ok" }]);
    // Within 10 minutes the answer is reused: no second SSH command.
    await call("roles", "bridge_list_hosts", {});
    expect(networkClusterTyped().length).toBe(sent + 1);
  }, 30_000);

  test("bridge_list_hosts: a profile that may not run show network cluster gets the inferred role, no SSH", async () => {
    await trust("admin", bed.node.ip);
    const sent = networkClusterTyped().length;
    const r = await call("nocluster", "bridge_list_hosts", {});
    expect(r.structuredContent?.hosts).toMatchObject([
      { host: bed.node.ip, role: "CUCM publisher", role_from: "inferred", kinds: ["axl", "os", "phone"] },
    ]);
    expect(textOf(r)).toBe(`${bed.node.ip}: CUCM publisher (inferred) (cucm); credentials axl, os, phone`);
    expect(networkClusterTyped().length).toBe(sent);
    expect(clusterReads("nocluster")).toEqual([]);
    const whoami = await call("nocluster", "bridge_whoami", {});
    expect(whoami.structuredContent?.rateBudget).toMatchObject({ "cucm.ssh": { limit: 7, remaining: 7 } });
  });
});

describe("small things an agent trips on", () => {
  test("GetPhone: operation names are case-sensitive, said before any permission check", async () => {
    const r = await call("limited", "cucm_axl_call", { host: bed.node.ip, operation: "GetPhone", data: {} });
    expect(errorOf(r)?.code).toBe("ValidationError");
    expect(textOf(r)).toContain("operation names are case-sensitive; did you mean getPhone?");
  });

  test("an unknown VOS command is an error, not an output", async () => {
    const first = await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show status" });
    const fingerprint = errorOf(first)?.fingerprint;
    if (fingerprint !== undefined)
      expect(
        (await call("admin", "cucm_os_trust_fingerprint", { host: bed.node.ip, fingerprint })).isError,
      ).toBeFalsy();
    const r = await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show nonsense" });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain("did not run 'show nonsense'");
    expect(textOf(r)).toContain("Executed command unsuccessfully");
    const ok = await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show myself" });
    expect(ok.isError).toBeFalsy();
  }, 30_000);

  test("a hint names only what the caller can do: the credentials command line for a profile without store tools", async () => {
    const own = await call("admin", "cucm_get_version", { host: "cucm-unknown.example" });
    expect(String(errorOf(own)?.hint)).toContain("cucm_store_credentials");
    const r = await call("limited", "cucm_get_version", { host: "cucm-unknown.example" });
    expect(errorOf(r)?.code).toBe("CredentialsMissingError");
    expect(String(errorOf(r)?.hint)).toBe(
      "Ask an administrator to run: ai-bridge credentials set --client limited --product cucm --kind axl --host cucm-unknown.example",
    );
    expect(textOf(r)).not.toContain("cucm_store_credentials");
  });
});
