/**
 * `cucm_capture`, `cucm_captures` and `cucm_pcap_summary`: a packet capture on a CUCM node
 * through the VOS CLI (`utils network capture eth0 file <name> count <n> size <bytes>`), bounded in
 * duration, packets and bytes per packet, and stopped by the bridge (Ctrl-C) when its time is up;
 * then fetched through DIME into the caller's downloads and summarised (SIP calls, RTP streams).
 * Every capture the bridge started is recorded in the caller's `captures.json`.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { clientPaths } from "../../clients/client-paths.ts";
import { DOWNLOAD_NAME, openDownloads } from "../../clients/downloads.ts";
import { writeFileAtomic } from "../../fs/atomic.ts";
import { ValidationError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import { serviceabilityTarget } from "../serviceability/deps.ts";
import { hostField, hostOf, vosTarget } from "../uc/targets.ts";
import { textTable } from "../uc/text-table.ts";
import type { LogsDeps } from "./deps.ts";
import { CaptureFormatError, type CaptureSummary, summariseCapture } from "./pcap-summary.ts";

const product = "cucm";
/** Where VOS writes the captures of its CLI. */
const CAPTURE_DIR = "/var/log/active/platform/cli";

/** One capture the bridge started. */
interface CaptureRecord {
  name: string;
  host: string;
  startedAt: string;
  stoppedAt?: string;
  limits: { durationS: number; count: number; packetBytes: number | "all" };
  state: "running" | "stopped" | "failed";
  download?: string;
  bytes?: number;
}

function capturesFile(d: LogsDeps, client: string): string {
  return join(clientPaths(d.clientsDir, client).dir, "captures.json");
}
function readCaptures(d: LogsDeps, client: string): CaptureRecord[] {
  const path = capturesFile(d, client);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as CaptureRecord[]) : [];
}
function saveCapture(d: LogsDeps, client: string, record: CaptureRecord): void {
  const all = readCaptures(d, client).filter((r) => r.name !== record.name);
  writeFileAtomic(capturesFile(d, client), JSON.stringify([record, ...all].slice(0, 200), null, 1));
}

function summaryText(s: CaptureSummary): string {
  return `${s.packets} packet(s) ${s.firstAt} to ${s.lastAt}; ${s.calls.length} SIP call(s), ${s.streams.length} RTP stream(s)\n${textTable(
    ["call_id", "first", "final_answer", "messages"],
    s.calls.map((c) => [c.callId, c.first, c.finalAnswer, c.messages]),
    50,
  )}\n${textTable(
    ["src", "dst", "ssrc", "pt", "packets", "lost", "seconds"],
    s.streams.map((r) => [r.src, r.dst, r.ssrc, r.payloadType, r.packets, r.lost, r.durationS]),
    50,
  )}`;
}

/** The capture tool. */
export function captureTool(d: LogsDeps): AnyTool {
  return defineTool({
    name: "cucm_capture",
    title: "Bounded packet capture",
    description:
      "Captures packets on a CUCM node's eth0 via the VOS CLI for duration_s (max 300), stopped by the bridge, then saves the pcap to your downloads and summarises its SIP calls and RTP streams. Holds media: sensitive.",
    input: v.object({
      host: hostField(product),
      duration_s: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(300)), 10),
      count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)), 10_000),
      packet_bytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(64), v.maxValue(1514))),
    }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    service: "os",
    access: () => ({ service: "logs", product, action: "capture" }),
    bucket: "logs",
    host: (i) => i.host,
    action: (i) => ({ duration_s: i.duration_s, count: i.count }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const client = ctx.principal.clientName;
      const store = openDownloads(d.clientsDir, client, d.limits.quotaBytes);
      const name = `aibridge_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
      const size = input.packet_bytes ?? "all";
      const record: CaptureRecord = {
        name,
        host,
        startedAt: new Date().toISOString(),
        limits: { durationS: input.duration_s, count: input.count, packetBytes: size },
        state: "running",
      };
      saveCapture(d, client, record);
      ctx.audit.event("logs.capture.start", { host, name, ...record.limits });
      try {
        const target = vosTarget(ctx.vault, d.uc, host);
        await d.uc.ssh.run(target, `utils network capture eth0 file ${name} count ${input.count} size ${size}`, {
          interruptAfterMs: input.duration_s * 1000,
          timeoutMs: input.duration_s * 1000 + target.timeoutMs,
        });
        record.stoppedAt = new Date().toISOString();
        const data = await d.dime.getOneFile(
          serviceabilityTarget(ctx.vault, d.uc, host),
          `${CAPTURE_DIR}/${name}.cap`,
          d.limits.fileBytes,
          ctx.signal,
        );
        const saved = store.save(`${host}_${name}.pcap`.replace(/[^A-Za-z0-9._-]/g, "_"), data);
        Object.assign(record, { state: "stopped", download: saved.name, bytes: saved.bytes });
        saveCapture(d, client, record);
        ctx.audit.event("logs.capture.saved", { host, name, file: saved.name, bytes: saved.bytes });
        const summary = summariseCapture(data);
        return toolResult(
          `Capture ${name} on ${host} stopped after ${input.duration_s} s; saved as ${saved.name} (${saved.bytes} bytes).\n${summaryText(summary)}`,
          { capture: record, summary },
        );
      } catch (error) {
        if (record.state === "running")
          saveCapture(d, client, { ...record, state: "failed", stoppedAt: new Date().toISOString() });
        throw error;
      }
    },
  });
}

/** The listing of the captures the bridge started for the caller. */
export function capturesTool(d: LogsDeps): AnyTool {
  return defineTool({
    name: "cucm_captures",
    title: "Your captures",
    description: "Lists the packet captures the bridge started for you: node, limits, state, saved file.",
    input: v.object({}),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    access: () => ({ service: "logs", product, action: "capture" }),
    bucket: "logs",
    async handler(_input, ctx) {
      const all = readCaptures(d, ctx.principal.clientName);
      return toolResult(
        `${all.length} capture(s)\n${textTable(
          ["name", "node", "started", "stopped", "state", "file", "bytes"],
          all.map((r) => [r.name, r.host, r.startedAt, r.stoppedAt ?? "", r.state, r.download ?? "", r.bytes ?? ""]),
        )}`,
        { captures: all },
      );
    },
  });
}

/** Summary of a downloaded pcap. */
export function pcapSummaryTool(d: LogsDeps): AnyTool {
  return defineTool({
    name: "cucm_pcap_summary",
    title: "Summarise a capture",
    description: "SIP calls and RTP streams (packets, loss, duration) of a pcap in your downloads.",
    input: v.object({ file: v.pipe(v.string(), v.regex(DOWNLOAD_NAME, "a file name from cucm_downloads")) }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    access: () => ({ service: "logs", product, action: "download" }),
    bucket: "logs",
    async handler(input, ctx) {
      const data = openDownloads(d.clientsDir, ctx.principal.clientName, d.limits.quotaBytes).read(input.file);
      try {
        const summary = summariseCapture(data);
        return toolResult(summaryText(summary), { file: input.file, summary });
      } catch (error) {
        if (error instanceof CaptureFormatError)
          throw new ValidationError(`${input.file} cannot be read as a capture: ${error.message}`, [
            "file: name a .pcap from cucm_capture or cucm_downloads",
          ]);
        throw error;
      }
    },
  });
}
