/**
 * The lab publisher's CDR repository: the CDR and CMR files of the calls of every CUCM node
 * (calls.ts), one pair per node and minute in which calls ended (CUCM's CDR agent closes a file
 * each minute by default, and writes none for a minute without records), named
 * `cdr_StandAloneCluster_<node id>_<YYYYMMDDHHMM>_<sequence>` and kept under
 * `/var/log/active/cm/cdr_repository/processed/<YYYYMMDD>/`. A minute's files appear once the
 * minute is over. Everything is computed from the calls, so the files stay the same between reads.
 */
import { CDR_PATTERNS } from "../../util/patterns.ts";
import type { LabDeviceSource, LabNode } from "../contracts.ts";
import { callsBetween, type LabCall } from "./calls.ts";
import { callEndMs, cdrFile, cmrFile, hasCmr, LAB_CLUSTER_ID } from "./cdr-records.ts";

const MINUTE_MS = 60_000;
const REPOSITORY_DIR = "/var/log/active/cm/cdr_repository/processed";

/** One file of the repository. */
export interface LabCdrFile {
  name: string;
  path: string;
  minuteMs: number;
}

/** The repository. */
export interface LabCdrRepository {
  /** Names of the files whose minute lies in [lowerMs, upperMs], oldest first. */
  list(lowerMs: number, upperMs: number): LabCdrFile[];
  /** The bytes of the file at `path`, or undefined. */
  read(path: string): Uint8Array | undefined;
}

const two = (n: number) => String(n).padStart(2, "0");
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}`;
};

/** A `YYYYMMDDHHMM` stamp (UTC) to ms; NaN unless it names a real minute. */
export function minuteOfStamp(text: string): number {
  const m = CDR_PATTERNS.timeBound.exec(text);
  if (!m) return Number.NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return stamp(ms) === text ? ms : Number.NaN;
}

/** Creates the repository for `nodes` (call-processing nodes, node id = position + 1). */
export function createCdrRepository(
  nodes: LabNode[],
  devices: LabDeviceSource,
  epochMs: number,
  now: () => number = Date.now,
): LabCdrRepository {
  /** Calls of node `i` that ended in the minute starting at `minuteMs`. */
  const endedIn = (node: LabNode, minuteMs: number): LabCall[] =>
    callsBetween(node, devices, epochMs, minuteMs - 10 * MINUTE_MS, minuteMs + MINUTE_MS).filter(
      (c) => Math.floor(callEndMs(c) / MINUTE_MS) * MINUTE_MS === minuteMs,
    );
  const filesOf = (minuteMs: number): Array<LabCdrFile & { kind: "cdr" | "cmr"; nodeIndex: number }> =>
    nodes.flatMap((node, i) => {
      const calls = endedIn(node, minuteMs);
      if (calls.length === 0) return [];
      const tail = `${LAB_CLUSTER_ID}_${two(i + 1)}_${stamp(minuteMs)}_${Math.round((minuteMs - epochMs) / MINUTE_MS)}`;
      const kinds: Array<"cdr" | "cmr"> = hasCmr(calls) ? ["cdr", "cmr"] : ["cdr"];
      return kinds.map((kind) => {
        const name = `${kind}_${tail}`;
        return { name, path: `${REPOSITORY_DIR}/${stamp(minuteMs).slice(0, 8)}/${name}`, minuteMs, kind, nodeIndex: i };
      });
    });
  const closed = (minuteMs: number) => minuteMs + MINUTE_MS <= now();
  return {
    list(lowerMs, upperMs) {
      const out: LabCdrFile[] = [];
      const first = Math.max(Math.ceil(lowerMs / MINUTE_MS) * MINUTE_MS, Math.floor(epochMs / MINUTE_MS) * MINUTE_MS);
      for (let m = first; m <= upperMs && closed(m); m += MINUTE_MS)
        out.push(...filesOf(m).map(({ name, path, minuteMs }) => ({ name, path, minuteMs })));
      return out;
    },
    read(path) {
      const name = path.slice(path.lastIndexOf("/") + 1);
      const m = CDR_PATTERNS.fileName.exec(name);
      if (!m) return undefined;
      const minuteMs = minuteOfStamp(m[4] as string);
      if (Number.isNaN(minuteMs) || !closed(minuteMs)) return undefined;
      const file = filesOf(minuteMs).find((f) => f.path === path);
      if (!file) return undefined;
      const node = nodes[file.nodeIndex] as LabNode;
      const calls = endedIn(node, minuteMs);
      return Buffer.from(file.kind === "cdr" ? cdrFile(file.nodeIndex + 1, calls) : cmrFile(file.nodeIndex + 1, calls));
    },
  };
}
