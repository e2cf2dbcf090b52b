/**
 * Packet captures end to end: MCP SDK client → bridge → the lab node's VOS CLI over real SSH
 * (`utils network capture`, interrupted by the bridge when its time is up) → the pcap fetched
 * through the lab's DIME endpoint into the caller's downloads and summarised (SIP calls, RTP
 * streams). The packet count bounds a capture too; operator may not capture.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm", { modules: ["logs"], clients: ["operator:sub-op:operator"] });
  // The node's SSH host key must be trusted first, as on a real appliance.
  const untrusted = await call("admin", "cucm_capture", { host: bed.node.ip, duration_s: 1 });
  expect(errorOf(untrusted)?.code).toBe("UntrustedHostKeyError");
  const fingerprint = String(errorOf(untrusted)?.fingerprint);
  expect((await call("admin", "cucm_os_trust_fingerprint", { host: bed.node.ip, fingerprint })).isError).toBeFalsy();
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const sc = (r: Result): Record<string, unknown> => r.structuredContent ?? {};
const text = (r: Result): string => (r.content ?? []).map((c) => (c as { text?: string }).text ?? "").join("\n");
const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;

describe("packet captures", () => {
  type Summary = {
    packets: number;
    calls: Array<{ first: string; finalAnswer: string; messages: number }>;
    streams: Array<{ src: string; dst: string; payloadType: number; packets: number; lost: number; durationS: number }>;
  };
  test("a capture with a 10 s limit is stopped by the bridge, saved and summarised", async () => {
    const started = Date.now();
    const r = await call("admin", "cucm_capture", { host: bed.node.ip, duration_s: 10 });
    expect(r.isError, text(r)).toBeFalsy();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(10_000);
    const capture = sc(r).capture as {
      name: string;
      state: string;
      download: string;
      bytes: number;
      startedAt: string;
      stoppedAt: string;
    };
    expect(capture.state).toBe("stopped");
    expect(Date.parse(capture.stoppedAt) - Date.parse(capture.startedAt)).toBeGreaterThanOrEqual(10_000);
    const onDisk = readFileSync(join(bed.h.root, "clients", "admin", "downloads", capture.download));
    expect(onDisk.length).toBe(capture.bytes);
    expect(onDisk.readUInt32LE(0)).toBe(0xa1b2c3d4);
    const summary = sc(r).summary as Summary;
    expect(summary.calls.length).toBe(1);
    expect(summary.calls[0]?.first).toBe("INVITE");
    expect(summary.calls[0]?.finalAnswer).toBe("200 OK");
    // Both directions of the call's audio, PCMU, about 50 packets a second until the stop.
    expect(summary.streams.length).toBe(2);
    for (const s of summary.streams) {
      expect(s.payloadType).toBe(0);
      expect(s.lost).toBe(0);
      expect(s.packets).toBeGreaterThan(250);
      expect(s.packets).toBeLessThan(60 * 10);
    }
    expect(summary.streams[0]?.src).toBe(summary.streams[1]?.dst);
    expect(text(r)).toContain("RTP stream");
    const listed = await call("admin", "cucm_captures", {});
    const rows = sc(listed).captures as Array<{ name: string; state: string }>;
    expect(rows.find((c) => c.name === capture.name)?.state).toBe("stopped");
    const again = await call("admin", "cucm_pcap_summary", { file: capture.download });
    expect((sc(again).summary as Summary).packets).toBe(summary.packets);
  }, 60_000);

  test("the packet count bounds a capture too", async () => {
    const r = await call("admin", "cucm_capture", { host: bed.node.ip, duration_s: 20, count: 30 });
    expect(r.isError).toBeFalsy();
    expect((sc(r).summary as Summary).packets).toBe(30);
  }, 60_000);

  test("operator may not capture; a trace is not a capture", async () => {
    const r = await call("operator", "cucm_capture", { host: bed.node.ip, duration_s: 5 });
    expect(errorOf(r)?.code).toBe("ProfilePermissionError");
    expect(text(r)).toContain("cucm.logs.capture");
    const files = sc(await call("admin", "cucm_downloads", {})).files as Array<{ name: string }>;
    const trace = await call("admin", "cucm_logs_list", { host: bed.node.ip, minutes: 15 });
    const path = (sc(trace).files as Array<{ path: string }>)[0]?.path;
    const saved = await call("admin", "cucm_logs_download", { host: bed.node.ip, path });
    expect(files.length).toBeGreaterThan(0);
    const bad = await call("admin", "cucm_pcap_summary", { file: sc(saved).file });
    expect(errorOf(bad)?.code).toBe("ValidationError");
    expect(text(bad)).toContain("not a pcap file");
  });
});
