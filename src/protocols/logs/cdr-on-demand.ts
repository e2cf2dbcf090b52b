/**
 * CDRonDemandService (`/CDRonDemandService2/services/CDRonDemandService`, namespace
 * `http://schemas.cisco.com/ast/soap`; DevNet "CDRonDemand API"): get_file_list names the CDR and
 * CMR files of the CDR repository node in a window of at most one hour, given as two UTC bounds
 * `YYYYMMDDHHMM` (wire elements in0, in1) and a boolean in2. A longer window is split here into
 * hourly requests. get_file would push a file to an (S)FTP server, which the bridge is not, so the
 * files are fetched with DIME GetOneFile from the repository folder instead (cdrRepositoryPath).
 * docs/logs-and-traces.md says which of these facts were read and which are from memory.
 */
import { CDR_PATTERNS } from "../../util/patterns.ts";
import { isProtocolError } from "../errors.ts";
import type { FetchLike } from "../http.ts";
import { callServiceability, type ServiceabilityTarget } from "../serviceability/soap-call.ts";
import { asList, objectOf, textOf } from "../soap/shape.ts";

/** The longest window one get_file_list request may cover. */
const CDR_WINDOW_MS = 3_600_000;

/** Where the CDR repository node keeps the files it has processed, one folder per UTC day. */
const REPOSITORY_DIR = "/var/log/active/cm/cdr_repository/processed";

/** One file get_file_list names, read from its name. */
export interface CdrFile {
  name: string;
  /** `cdr` call detail records, `cmr` call management (quality) records. */
  kind: "cdr" | "cmr";
  cluster: string;
  /** The node id of the call-processing node that wrote it. */
  node: string;
  /** The minute the file covers (UTC, ISO 8601). */
  time: string;
  sequence: number;
}

/** The client. */
export interface CdrOnDemandClient {
  /** One get_file_list request: raw file names in [lower, upper] (the node refuses over an hour). */
  getFileList(target: ServiceabilityTarget, lower: Date, upper: Date, signal?: AbortSignal): Promise<string[]>;
  /** Files of [from, to], asked an hour at a time, without duplicates, oldest first. */
  listFiles(target: ServiceabilityTarget, from: Date, to: Date, signal?: AbortSignal): Promise<CdrFile[]>;
}

const two = (n: number) => String(n).padStart(2, "0");

/** A time bound as get_file_list takes it: `YYYYMMDDHHMM` in UTC (seconds dropped). */
export function cdrTimeBound(d: Date): string {
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}`;
}

/** `YYYYMMDDHHMM` (UTC) to ms since the epoch; NaN when it is not such a time. */
export function parseCdrTimeBound(text: string): number {
  const m = CDR_PATTERNS.timeBound.exec(text);
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  // Date.UTC rolls 20241332 over into the next year; a real bound never does.
  return cdrTimeBound(new Date(ms)) === text ? ms : Number.NaN;
}

/** What a file name says, or undefined when it is not a CDR/CMR file name. */
export function parseCdrFileName(name: string): CdrFile | undefined {
  const m = CDR_PATTERNS.fileName.exec(name);
  if (!m) return undefined;
  const ms = parseCdrTimeBound(m[4] as string);
  if (Number.isNaN(ms)) return undefined;
  return {
    name,
    kind: m[1] as "cdr" | "cmr",
    cluster: m[2] as string,
    node: m[3] as string,
    time: new Date(ms).toISOString(),
    sequence: Number(m[5]),
  };
}

/** The absolute path of a file in the repository: `…/processed/<YYYYMMDD of its name>/<name>`. */
export function cdrRepositoryPath(file: CdrFile): string {
  return `${REPOSITORY_DIR}/${cdrTimeBound(new Date(file.time)).slice(0, 8)}/${file.name}`;
}

/** [from, to] cut into windows of at most an hour, on whole minutes. */
export function hourlyWindows(from: Date, to: Date): Array<[Date, Date]> {
  const start = Math.floor(from.getTime() / 60_000) * 60_000;
  const end = Math.floor(to.getTime() / 60_000) * 60_000;
  const out: Array<[Date, Date]> = [];
  for (let lower = start; lower < end || out.length === 0; lower += CDR_WINDOW_MS)
    out.push([new Date(lower), new Date(Math.min(lower + CDR_WINDOW_MS, end))]);
  return out;
}

/** Creates the client on an injected fetch. */
export function createCdrOnDemandClient(fetchFn: FetchLike): CdrOnDemandClient {
  const getFileList: CdrOnDemandClient["getFileList"] = async (target, lower, upper, signal) => {
    try {
      const body = await callServiceability(fetchFn, target, {
        service: "cdrOnDemand",
        operation: "get_file_list",
        // in2 true: list every file, also those already delivered to the billing servers.
        payload: { in0: cdrTimeBound(lower), in1: cdrTimeBound(upper), in2: true },
        ...(signal ? { signal } : {}),
      });
      return asList(objectOf(body.value["get_file_listReturn"])["FileName"])
        .map((f) => textOf(f) ?? "")
        .filter((f) => f !== "");
    } catch (error) {
      // Some releases answer an empty window with a fault rather than an empty list.
      if (isProtocolError(error, "UPSTREAM_PROTOCOL") && CDR_PATTERNS.noFileFault.test(error.message)) return [];
      throw error;
    }
  };
  return {
    getFileList,
    async listFiles(target, from, to, signal) {
      const seen = new Map<string, CdrFile>();
      for (const [lower, upper] of hourlyWindows(from, to)) {
        for (const name of await getFileList(target, lower, upper, signal)) {
          const file = parseCdrFileName(name);
          if (file) seen.set(name, file);
        }
      }
      return [...seen.values()].sort((a, b) => a.time.localeCompare(b.time) || a.name.localeCompare(b.name));
    },
  };
}
