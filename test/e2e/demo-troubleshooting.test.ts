/**
 * The troubleshooting surface through `ai-bridge demo` (compiled binary, the demo's admin client,
 * the MCP SDK client): the core tools/list within 24 KB and the serviceability and logs toolsets
 * listed on request; service status, a PerfMon counter, a restart refused without confirm and
 * done with it; trace settings read and changed; the publisher's CallManager traces of the last
 * hour listed, one downloaded and read as a SIP ladder; a 10 s capture stopped by the bridge and
 * summarised; the calls of CDR files with their cause codes decoded.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type DemoProcess, startDemo } from "../support/demo-process.ts";
import type { Result } from "../support/mcp-harness.ts";

let demo: DemoProcess;
let client: Client;
let host = "";
beforeAll(async () => {
  demo = await startDemo();
  client = await demo.client("demo-troubleshooting");
  host = demo.info.cucmHost;
}, 120_000);
afterAll(async () => {
  await demo?.stop();
});

const call = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as Result;
const sc = (r: Result): Record<string, unknown> => r.structuredContent ?? {};
const text = (r: Result) => r.content.map((c) => c.text ?? "").join("\n");

test("tools/list: the core within 24 KB; the toolsets add their tools when switched on", async () => {
  const core = (await client.listTools()).tools;
  expect(Buffer.byteLength(JSON.stringify({ tools: core }), "utf8")).toBeLessThanOrEqual(24 * 1024);
  expect(core.map((t) => t.name)).not.toContain("cucm_service_status");
  const on = await call("bridge_toolsets", { enable: ["serviceability", "logs"] });
  expect(on.isError ?? false).toBe(false);
  const all = (await client.listTools()).tools.map((t) => t.name);
  for (const name of ["cucm_service_status", "cucm_trace_set", "cucm_logs_list", "cucm_cdr_calls"])
    expect(all).toContain(name);
});

describe("serviceability", () => {
  const statusOf = async (service: string) => {
    const r = await call("cucm_service_status", { host, services: [service] });
    return (sc(r).nodes as Array<{ services: Array<{ name: string; status: string }> }>)[0]?.services[0]?.status;
  };

  test("the publisher lists Cisco CallManager with a state; a PerfMon counter is a number", async () => {
    const r = await call("cucm_service_status", { host });
    expect(r.isError ?? false).toBe(false);
    expect(text(r)).toMatch(/Cisco CallManager\t(Started|Stopped|Starting|Stopping)/);
    const counters = await call("cucm_perfmon_collect", {
      host,
      object: "Cisco CallManager",
      counters: ["CallsActive"],
    });
    const value = (sc(counters).values as Array<{ value: unknown }>)[0]?.value;
    expect(typeof value).toBe("number");
  });

  test("a restart is refused without confirm and done with it; the next status shows it", async () => {
    const refused = await call("cucm_service_control", { host, action: "restart", services: ["Cisco Tftp"] });
    expect(refused.isError).toBe(true);
    expect(await statusOf("Cisco Tftp")).toBe("Started");
    const done = await call("cucm_service_control", {
      host,
      action: "restart",
      services: ["Cisco Tftp"],
      confirm: true,
    });
    expect(done.isError ?? false).toBe(false);
    expect(await statusOf("Cisco Tftp")).toBe("Starting");
  });

  test("trace settings: read, changed with confirm, read back", async () => {
    const shown = await call("cucm_trace_show", { host });
    const tasks = sc(shown).tasks as Array<{ task: string; level?: string }>;
    expect(tasks.length).toBeGreaterThan(0);
    const task = tasks[0]?.task as string;
    const refused = await call("cucm_trace_set", { host, task, level: "Detailed" });
    expect(refused.isError).toBe(true);
    const set = await call("cucm_trace_set", { host, task, level: "Detailed", confirm: true });
    expect(set.isError ?? false).toBe(false);
    const after = await call("cucm_trace_show", { host, task });
    expect((sc(after).tasks as Array<{ level?: string }>)[0]?.level).toBe("Detailed");
  });
});

describe("logs, captures and CDR", () => {
  test("the publisher's CallManager traces of the last hour: one downloaded and read as a SIP ladder", async () => {
    const listed = await call("cucm_logs_list", { host, services: ["Cisco CallManager"], minutes: 60 });
    const files = sc(listed).files as Array<{ path: string; name: string }>;
    expect(files.length).toBeGreaterThan(0);
    const saved = await call("cucm_logs_download", { host, path: files[0]?.path });
    expect(saved.isError ?? false).toBe(false);
    const file = sc(saved).file as string;
    const calls = sc(await call("cucm_sip_ladder", { file })).calls as Array<{ callId: string }>;
    expect(calls.length).toBeGreaterThan(0);
    const ladder = await call("cucm_sip_ladder", { file, call_id: calls[0]?.callId });
    const steps = sc(ladder).ladder as Array<{ message: string }>;
    expect(steps[0]?.message).toBe("INVITE");
  });

  test("a capture with a 10 s limit is stopped by the bridge and summarised", async () => {
    const r = await call("cucm_capture", { host, duration_s: 10 });
    expect(r.isError ?? false, text(r)).toBe(false);
    const capture = sc(r).capture as { state: string };
    expect(capture.state).toBe("stopped");
    const summary = sc(r).summary as { calls: unknown[]; streams: unknown[] };
    expect(summary.calls.length).toBeGreaterThan(0);
    expect(summary.streams.length).toBeGreaterThan(0);
  }, 60_000);

  test("CDR: the calls of the last half hour with their cause codes decoded", async () => {
    const from = new Date(Date.now() - 30 * 60_000).toISOString();
    const r = await call("cucm_cdr_calls", { host, from, max_files: 10 });
    expect(r.isError ?? false, text(r)).toBe(false);
    const calls = sc(r).calls as Array<{ destCause: { code: number; meaning: string } }>;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.some((c) => c.destCause.code === 17 && c.destCause.meaning === "User busy")).toBe(true);
  });
});
