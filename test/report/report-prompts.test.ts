/**
 * Every guided prompt followed against the lab, the way an agent would: the prompt is fetched
 * with prompts/get, the tools it names are called in the order it names them (the test's plan
 * must match that order, so a prompt that changes its steps fails here), each answer becomes a
 * finding with its evidence, and the prompt's closing steps build the report with report_create
 * (twice: created, then appended) and export it with report_export_pdf.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { openVault } from "../../src/vault/vault.ts";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
let admin: Client;
const ip = (name: string) => {
  const node = bed.lab.nodes.find((n) => n.name === name);
  if (node === undefined) throw new Error(`lab has no ${name}`);
  return node;
};

/** The admin profile with room for a whole health check's SSH commands in one minute. */
function runnerProfile(): Record<string, unknown> {
  const profile = JSON.parse(readFileSync(join(import.meta.dir, "../../profiles/_default/admin.json"), "utf8"));
  for (const product of ["cucm", "imp", "cuc"]) profile[product].ssh.rate_limit = 100;
  return profile;
}

beforeAll(async () => {
  bed = await startTestBed("cucm", {
    modules: ["report", "imp", "cuc", "serviceability"],
    clients: ["runner:sub-runner:runner"],
    profiles: { runner: runnerProfile() },
    env: (lab) => ({
      SERVER_IMP_SSL_VERIFY: "True",
      SERVER_IMP_SSL_CA_BUNDLE: lab.caCertPath,
      SERVER_CUC_SSL_VERIFY: "True",
      SERVER_CUC_SSL_CA_BUNDLE: lab.caCertPath,
      SERVER_IMP_ZEEP_TIMEOUT: "5",
      SERVER_CUC_CUPI_TIMEOUT: "5",
    }),
  });
  // the lab's credentials for IM&P and Unity Connection too, as an administrator would store them
  const vault = openVault({
    clientsDir: join(bed.h.root, "clients"),
    secretsDir: join(bed.h.root, "secrets"),
    client: "runner",
  });
  const imp = ip("imp-pub");
  const cuc = ip("cuc-pub");
  vault.put("imp", "axl", imp.ip, { ...bed.lab.credentials.axl, port: imp.httpsPort });
  vault.put("imp", "os", imp.ip, { ...bed.lab.credentials.os, port: imp.sshPort });
  vault.put("cuc", "cupi", cuc.ip, { ...bed.lab.credentials.cupi, port: cuc.httpsPort });
  vault.put("cuc", "os", cuc.ip, { ...bed.lab.credentials.os, port: cuc.sshPort });
  admin = await bed.h.v1("runner");
  // As the health-check prompt tells an agent to: list the serviceability tools it names.
  await admin.callTool({ name: "bridge_toolsets", arguments: { enable: ["serviceability"] } });
  // host keys are trusted once by an administrator before any prompt runs SSH commands
  for (const [product, node] of [
    ["cucm", bed.node],
    ["imp", imp],
    ["cuc", cuc],
  ] as const) {
    const first = (await admin.callTool({
      name: `${product}_os_run_command`,
      arguments: { host: node.ip, command: "show myself" },
    })) as Result;
    const fingerprint = errorOf(first)?.fingerprint;
    if (fingerprint !== undefined)
      await admin.callTool({ name: `${product}_os_trust_fingerprint`, arguments: { host: node.ip, fingerprint } });
  }
}, 90_000);
afterAll(async () => {
  await bed?.stop();
});

type Status = "PASS" | "WARN" | "FAIL" | "INFO" | "N/A";
interface Step {
  tool: string;
  args: Record<string, unknown>;
  section: string;
  /** The status this answer supports (default: INFO when it answered, FAIL when it failed). */
  judge?: (r: Result, text: string) => Status;
  /** The step may legitimately fail on this lab (its finding then records why). */
  mayFail?: boolean;
}
const textOf = (r: Result) => r.content.map((c) => c.text ?? "").join("\n");

/** The tools a prompt names, in the order it first names them. */
async function toolsNamed(prompt: string): Promise<string[]> {
  const tools = new Set((await admin.listTools()).tools.map((t) => t.name));
  const seen: string[] = [];
  for (const m of prompt.matchAll(/\b(?:cucm|imp|cuc|report)_[a-z_]+\b/g))
    if (tools.has(m[0]) && !seen.includes(m[0])) seen.push(m[0]);
  return seen;
}

async function follow(name: string, args: Record<string, string>, steps: Step[], sections: string[]): Promise<string> {
  const prompt = await admin.getPrompt({ name, arguments: args });
  const text = prompt.messages.map((m) => (m.content as { text: string }).text).join("\n");
  const planned = [...new Set(steps.map((s) => s.tool)), "report_create", "report_export_pdf"];
  expect(await toolsNamed(text)).toEqual(planned);
  expect(text).not.toContain("when available");
  for (const section of sections) expect(text).toContain(`"${section}"`);
  const findings = [];
  for (const step of steps) {
    const r = (await admin.callTool({ name: step.tool, arguments: step.args })) as Result;
    const answer = textOf(r);
    if (step.mayFail !== true)
      expect({ step: step.args, error: r.isError === true ? answer.slice(0, 400) : false }).toEqual({
        step: step.args,
        error: false,
      });
    const status = step.judge?.(r, answer) ?? (r.isError ? "FAIL" : "INFO");
    findings.push({
      status,
      title: `${step.tool} ${Object.values(step.args)
        .filter((v) => typeof v === "string")
        .slice(1)
        .join(" ")}`.trim(),
      section: step.section,
      evidence: { tool: step.tool, call: JSON.stringify(step.args), observed: answer.slice(0, 1500) },
      ...(status === "WARN" || status === "FAIL" ? { recommendation: "Look at the evidence and fix the cause." } : {}),
    });
  }
  const title = /report_create \{title: "([^"]+)"/.exec(text)?.[1] ?? "";
  expect(title).not.toBe("");
  const half = Math.ceil(findings.length / 2);
  const created = (await admin.callTool({
    name: "report_create",
    arguments: {
      title,
      scope: { hosts: [args.host ?? ""], period: new Date().toISOString().slice(0, 16) },
      sections: sections.map((s) => ({ title: s })),
      findings: findings.slice(0, half),
    },
  })) as Result;
  expect(created.isError).toBeFalsy();
  const id = String(created.structuredContent?.id);
  const appended = (await admin.callTool({
    name: "report_create",
    arguments: { report_id: id, findings: findings.slice(half) },
  })) as Result;
  expect(appended.structuredContent?.findings).toBe(steps.length);
  const exported = (await admin.callTool({ name: "report_export_pdf", arguments: { id } })) as Result;
  expect(exported.isError).toBeFalsy();
  expect(existsSync(join(bed.h.root, "clients", "runner", "reports", `${id}.pdf`))).toBe(true);
  const md = textOf((await admin.callTool({ name: "report_get", arguments: { id } })) as Result);
  const stored = (await admin.callTool({ name: "report_get", arguments: { id, format: "json" } })) as Result;
  expect((stored.structuredContent?.report as { title?: string } | undefined)?.title).toBe(title);
  for (const s of new Set(steps.map((st) => st.section))) expect(md).toContain(`## ${s}`);
  return md;
}

const ok = (r: Result): Status => (r.isError ? "FAIL" : "PASS");

describe("every guided prompt, followed against the lab, ends in a report", () => {
  test("cucm_cluster_health_check", async () => {
    const host = bed.node.ip;
    const md = await follow(
      "cucm_cluster_health_check",
      { host },
      [
        { tool: "cucm_check_connectivity", args: { host }, section: "Versions", judge: ok },
        { tool: "cucm_get_version", args: { host }, section: "Versions" },
        {
          tool: "cucm_service_status",
          args: { host, all_nodes: true },
          section: "Services",
          judge: (_r, text) => (text.includes("every activated service is started") ? "PASS" : "FAIL"),
        },
        ...["Cisco CallManager", "Processor"].map(
          (object): Step => ({ tool: "cucm_perfmon_collect", args: { host, object }, section: "Resources" }),
        ),
        {
          tool: "cucm_certificate_list",
          args: { host },
          section: "Certificates and backups",
          judge: (r) =>
            (r.structuredContent?.certificates as Array<{ expiringSoon: boolean }>)?.some((c) => c.expiringSoon)
              ? "WARN"
              : "PASS",
        },
        { tool: "cucm_drf_status", args: { host }, section: "Certificates and backups", judge: ok },
        ...["show status", "utils dbreplication runtimestate", "show network cluster"].map(
          (command): Step => ({
            tool: "cucm_os_run_command",
            args: { host, command },
            section: command.includes("replication")
              ? "Replication"
              : command === "show status"
                ? "Resources"
                : "Services",
          }),
        ),
        ...(["UnRegistered", "Rejected"] as const).map(
          (status): Step => ({
            tool: "cucm_risport_query",
            args: { host, deviceClass: "Phone", status },
            section: "Registration",
            judge: (r) => (r.isError ? "FAIL" : Number(r.structuredContent?.count ?? 0) > 0 ? "WARN" : "PASS"),
          }),
        ),
      ],
      ["Versions", "Services", "Replication", "Resources", "Certificates and backups", "Registration"],
    );
    expect(md).toContain("[WARN] cucm_risport_query");
    expect(md).toContain("[WARN] cucm_certificate_list");
  }, 120_000);

  test("cucm_phone_inventory_review", async () => {
    const host = bed.node.ip;
    await follow(
      "cucm_phone_inventory_review",
      { host, namePattern: "SEP*" },
      [
        {
          tool: "cucm_axl_call",
          args: {
            host,
            operation: "executeSQLQuery",
            data: {
              sql: "select d.name, d.description, tm.name as model from device d join typemodel tm on tm.enum = d.tkmodel where d.tkclass = 1 and d.name like 'SEP%'",
            },
          },
          section: "Inventory",
          judge: ok,
        },
        { tool: "cucm_risport_query", args: { host, deviceClass: "Phone", items: ["SEP*"] }, section: "Registration" },
      ],
      ["Inventory", "Registration", "Firmware"],
    );
  }, 120_000);

  test("cucm_security_audit", async () => {
    const host = bed.node.ip;
    const phone = bed.lab.devices.risDevices().find((d) => d.deviceClass === "Phone")?.name ?? "";
    await follow(
      "cucm_security_audit",
      { host },
      [
        { tool: "cucm_get_version", args: { host }, section: "Release" },
        { tool: "cucm_os_run_command", args: { host, command: "show cert list own" }, section: "Certificates" },
        { tool: "cucm_os_run_command", args: { host, command: "show cert list trust" }, section: "Certificates" },
        {
          tool: "cucm_axl_call",
          args: { host, operation: "executeSQLQuery", data: { sql: "select userid from enduser" } },
          section: "Privileged users",
          judge: ok,
        },
        {
          tool: "cucm_axl_call",
          args: { host, operation: "getPhone", data: { name: phone } },
          section: "Phone security",
          judge: ok,
        },
      ],
      ["Release", "Certificates", "Privileged users", "Phone security"],
    );
  }, 120_000);

  test("cucm_dial_plan_review", async () => {
    const host = bed.node.ip;
    const list = (operation: string, tags: string[]): Step => ({
      tool: "cucm_axl_call",
      args: {
        host,
        operation,
        data: { searchCriteria: { name: "%" }, returnedTags: Object.fromEntries(tags.map((t) => [t, ""])) },
      },
      section: "Partitions and CSS",
      judge: ok,
    });
    await follow(
      "cucm_dial_plan_review",
      { host },
      [
        list("listRoutePartition", ["name", "description"]),
        list("listCss", ["description", "name"]), // XCss puts name last in its sequence
        {
          tool: "cucm_axl_call",
          args: {
            host,
            operation: "listRoutePattern",
            data: { searchCriteria: { pattern: "%" }, returnedTags: { pattern: "", description: "" } },
          },
          section: "Patterns",
          judge: ok,
        },
        {
          tool: "cucm_axl_call",
          args: {
            host,
            operation: "executeSQLQuery",
            data: { sql: "select dnorpattern, fkroutepartition from numplan" },
          },
          section: "Patterns",
          judge: ok,
        },
      ],
      ["Partitions and CSS", "Patterns"],
    );
  }, 120_000);

  test("cucm_troubleshoot_phone_registration", async () => {
    const host = bed.node.ip;
    // the user names a phone that does not register: pick one the lab has unregistered
    const unregistered = (await admin.callTool({
      name: "cucm_risport_query",
      arguments: { host, deviceClass: "Phone", status: "UnRegistered" },
    })) as Result;
    const deviceName = String(((unregistered.structuredContent?.devices ?? []) as Array<{ name: string }>)[0]?.name);
    expect(deviceName).toStartWith("SEP");
    const md = await follow(
      "cucm_troubleshoot_phone_registration",
      { host, deviceName },
      [
        {
          tool: "cucm_risport_query",
          args: { host, selectBy: "Name", items: [deviceName] },
          section: "Registration",
          judge: (_r, t) => (t.includes("UnRegistered") ? "FAIL" : "PASS"),
        },
        {
          tool: "cucm_axl_call",
          args: { host, operation: "getPhone", data: { name: deviceName } },
          section: "Configuration",
        },
        { tool: "cucm_os_run_command", args: { host, command: "utils service list" }, section: "Cause and fix" },
        {
          tool: "cucm_phone_screenshot",
          args: { host, deviceName },
          section: "Cause and fix",
          // an unregistered phone has no screen to fetch: the step does not apply
          judge: (r) => (r.isError ? "N/A" : "INFO"),
          mayFail: true,
        },
      ],
      ["Registration", "Configuration", "Cause and fix"],
    );
    expect(md).toContain(`[FAIL] cucm_risport_query`);
  }, 120_000);

  test("imp_health_check", async () => {
    const host = ip("imp-pub").ip;
    await follow(
      "imp_health_check",
      { host },
      [
        { tool: "imp_check_connectivity", args: { host }, section: "Versions", judge: ok },
        { tool: "imp_get_version", args: { host }, section: "Versions" },
        ...[
          "select name, isactive from processnode",
          "select name, highavailability from presenceredundancygroup",
          "select p.name, count(*) as users from enduser e join processnode p on p.pkid = e.primarynodeid group by p.name",
        ].map(
          (sql): Step => ({
            tool: "imp_axl_call",
            args: { host, operation: "executeSQLQuery", data: { sql } },
            section: sql.includes("enduser") ? "Users" : "Nodes and redundancy",
            judge: ok,
          }),
        ),
        ...["show status", "utils service list", "utils dbreplication runtimestate"].map(
          (command): Step => ({ tool: "imp_os_run_command", args: { host, command }, section: "Services" }),
        ),
      ],
      ["Versions", "Nodes and redundancy", "Users", "Services"],
    );
  }, 120_000);

  test("cuc_mailbox_audit", async () => {
    const host = ip("cuc-pub").ip;
    const cupi = (path: string, section: string): Step => ({
      tool: "cuc_cupi_call",
      args: { host, method: "GET", path },
      section,
      judge: ok,
    });
    await follow(
      "cuc_mailbox_audit",
      { host },
      [
        { tool: "cuc_check_connectivity", args: { host }, section: "Versions", judge: ok },
        { tool: "cuc_get_version", args: { host }, section: "Versions" },
        cupi("users", "Users"),
        cupi("handlers/callhandlers", "Call handlers and lists"),
        cupi("distributionlists", "Call handlers and lists"),
        { tool: "cuc_os_run_command", args: { host, command: "show status" }, section: "Node" },
      ],
      ["Versions", "Users", "Call handlers and lists", "Node"],
    );
  }, 120_000);
});
