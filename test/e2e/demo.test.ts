/**
 * `ai-bridge demo` from the compiled binary: the lab and the bridge start together, demo.json
 * tells a script where and how to connect (url, token, CA file), and the MCP SDK client can ask
 * about "its" cluster at once — cucm_get_version and cucm_risport_query succeed with the stored
 * lab credentials over TLS verified against the lab CA.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type DemoInfo, type DemoProcess, startDemo } from "../support/demo-process.ts";

let demo: DemoProcess;
let home = "";
let info: DemoInfo;

beforeAll(async () => {
  demo = await startDemo();
  ({ home, info } = demo);
}, 120_000);

afterAll(async () => {
  await demo?.stop();
});

test("demo.json has the URL, the token, the CA file and a client config; the agent reaches the lab", async () => {
  expect(info.url).toStartWith("https://localhost:");
  expect(info.token.split(".")).toHaveLength(3);
  expect(readFileSync(info.caFile, "utf8")).toContain("BEGIN CERTIFICATE");
  expect(JSON.stringify(info.mcpConfig)).toContain(info.url);
  const client = await demo.client("demo-e2e");
  try {
    const version = (await client.callTool({ name: "cucm_get_version", arguments: { host: info.cucmHost } })) as {
      isError?: boolean;
      structuredContent?: Record<string, unknown>;
    };
    expect(version.isError).toBeFalsy();
    expect(String(version.structuredContent?.version)).toStartWith("15.0");
    const ris = (await client.callTool({ name: "cucm_risport_query", arguments: { host: info.cucmHost } })) as {
      isError?: boolean;
      structuredContent?: Record<string, unknown>;
    };
    expect(ris.isError).toBeFalsy();
    expect(Number(ris.structuredContent?.count)).toBeGreaterThan(0);
    const ssh = (await client.callTool({
      name: "cucm_os_run_command",
      arguments: { host: info.cucmHost, command: "show version active" },
    })) as { isError?: boolean };
    expect(ssh.isError).toBeFalsy();
  } finally {
    await client.close();
  }
}, 60_000);

test("through the demo: a report with every status exports to a PDF that pdftotext reads, and report_list shows it", async () => {
  if (Bun.which("pdftotext") === null) {
    if (process.env.CI === "true") throw new Error("pdftotext (poppler-utils) is required in CI");
    return;
  }
  const client = await demo.client("demo-report");
  type Answer = { isError?: boolean; structuredContent?: Record<string, unknown> };
  try {
    const statuses = ["PASS", "WARN", "FAIL", "INFO", "N/A"];
    const created = (await client.callTool({
      name: "report_create",
      arguments: {
        title: "Demo health check",
        scope: { hosts: [info.cucmHost] },
        findings: statuses.map((status) => ({
          status,
          title: `A ${status} finding`,
          evidence: { tool: "cucm_get_version", observed: `observed for ${status}` },
        })),
      },
    })) as Answer;
    expect(created.isError).toBeFalsy();
    const id = String(created.structuredContent?.id);
    const exported = (await client.callTool({ name: "report_export_pdf", arguments: { id } })) as Answer;
    expect(exported.isError).toBeFalsy();
    const pdf = readdirSync(join(home, "clients"))
      .map((c) => join(home, "clients", c, "reports", `${id}.pdf`))
      .find((p) => existsSync(p));
    expect(pdf).toBeDefined();
    const text = Bun.spawnSync(["pdftotext", String(pdf), "-"]).stdout.toString();
    expect(text).toContain("Demo health check");
    for (const s of statuses) expect(text).toContain(s);
    const listed = (await client.callTool({ name: "report_list", arguments: {} })) as Answer;
    expect(JSON.stringify(listed.structuredContent?.reports)).toContain(id);
  } finally {
    await client.close();
  }
}, 60_000);
