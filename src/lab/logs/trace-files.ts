/**
 * The lab's trace files: the Cisco CallManager SDL traces of a node, one file per ten minutes
 * (`SDL001_100_<seq>.txt.gz` under /var/log/active/cm/trace/ccm/sdl/, gzip as on a real node),
 * holding the SIP messages of the lab's calls in the SDL line layout public traces show:
 * `<seq> |<hh:mm:ss.mmm> |AppInfo  |SIPTcp - wait_SdlReadRsp: Incoming SIP TCP message from …`
 * followed by `[n,NET]` and the message. The file of the current ten minutes grows as calls happen.
 */
import { gzipSync } from "node:zlib";
import type { LabDeviceSource, LabNode } from "../contracts.ts";
import { callsBetween, sipMessages } from "./calls.ts";

/** One file as selectLogFiles lists it. */
export interface LabLogFile {
  service: string;
  name: string;
  absolutepath: string;
  startMs: number;
  endMs: number;
}

/** Ten minutes per SDL file. */
const FILE_SPAN_MS = 600_000;

/** The services whose logs the lab lists (listNodeServiceLogs) and can select. */
export const LAB_LOG_SERVICES: Record<string, { dir: string; prefix: string }> = {
  "Cisco CallManager": { dir: "/var/log/active/cm/trace/ccm/sdl", prefix: "SDL001_100_" },
  "Cisco CTIManager": { dir: "/var/log/active/cm/trace/cti/sdl", prefix: "SDL001_200_" },
};

const two = (n: number, w = 2) => String(n).padStart(w, "0");
const clock = (ms: number) => {
  const d = new Date(ms);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${two(d.getUTCMilliseconds(), 3)}`;
};

/** The trace files of one node. */
export interface LabTraceFiles {
  /** Files of `service` overlapping [from, to]. */
  list(service: string, from: number, to: number): LabLogFile[];
  /** The gzip bytes of the file at `path`, or undefined when no such file exists. */
  read(path: string): Uint8Array | undefined;
}

/** Creates the trace files of `node`; traces start at `epochMs` (an hour before the lab started). */
export function createTraceFiles(
  node: LabNode,
  devices: LabDeviceSource,
  epochMs: number,
  now: () => number = Date.now,
): LabTraceFiles {
  const fileOf = (service: string, seq: number): LabLogFile => {
    const spec = LAB_LOG_SERVICES[service] as { dir: string; prefix: string };
    const name = `${spec.prefix}${two(seq, 6)}.txt.gz`;
    const startMs = epochMs + (seq - 1) * FILE_SPAN_MS;
    return { service, name, absolutepath: `${spec.dir}/${name}`, startMs, endMs: startMs + FILE_SPAN_MS };
  };
  const text = (file: LabLogFile): string => {
    const until = Math.min(file.endMs, now());
    const lines: string[] = [];
    let seq = Math.floor((file.startMs - epochMs) / 10);
    if (file.service !== "Cisco CallManager") {
      for (let t = file.startMs; t <= until; t += 60_000)
        lines.push(`${two(++seq, 8)}.000 |${clock(t)} |AppInfo  |CTIManager heartbeat: providers=3 lines open`);
      return `${lines.join("\n")}\n`;
    }
    const messages = callsBetween(node, devices, epochMs, file.startMs - 60_000, until)
      .flatMap((c) => sipMessages(c, node))
      .filter((m) => m.atMs >= file.startMs && m.atMs < until)
      .sort((a, b) => a.atMs - b.atMs);
    for (const m of messages) {
      seq += 1;
      const head =
        m.direction === "in"
          ? `SIPTcp - wait_SdlReadRsp: Incoming SIP TCP message from ${m.peerIp} on port 5060 index ${seq % 97} with ${m.text.length} bytes:`
          : `SIPTcp - wait_SdlSPISignal: Outgoing SIP TCP message to ${m.peerIp} on port 5060 index ${seq % 97}`;
      lines.push(`${two(seq, 8)}.000 |${clock(m.atMs)} |AppInfo  |${head}`, `[${seq},NET]`, m.text);
    }
    return `${lines.join("\n")}\n`;
  };
  return {
    list(service, from, to) {
      if (!(service in LAB_LOG_SERVICES)) return [];
      const last = Math.floor((Math.min(to, now()) - epochMs) / FILE_SPAN_MS) + 1;
      const files: LabLogFile[] = [];
      for (let seq = Math.max(1, Math.floor((from - epochMs) / FILE_SPAN_MS) + 1); seq <= last; seq++)
        files.push(fileOf(service, seq));
      return files;
    },
    read(path) {
      for (const [service, spec] of Object.entries(LAB_LOG_SERVICES)) {
        if (!path.startsWith(`${spec.dir}/${spec.prefix}`)) continue;
        const m = /_(\d{6})\.txt\.gz$/.exec(path);
        if (!m) return undefined;
        const file = fileOf(service, Number(m[1]));
        if (file.absolutepath !== path || file.startMs > now()) return undefined;
        return gzipSync(text(file));
      }
      return undefined;
    },
  };
}
