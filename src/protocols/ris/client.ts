/**
 * The RisPort70 client (`https://<node>:8443/realtimeservice2/services/RISService70`).
 * Wildcard queries use selectCmDevice (the operation documented with `*`) and page with StateInfo;
 * explicit device names use selectCmDeviceExt in chunks of the page size (published clients do
 * this; one source says Ext takes no wildcards). Devices reported by several nodes are merged by
 * latest TimeStamp. Every walk compares what came back with TotalDevicesFound: a short answer (a
 * node that does not page, a reply cut at its cap) is completed by asking Ext for the missing
 * names (from the caller's `namesFor`, i.e. AXL) or reported as incomplete, never cut silently.
 * The per-node per-minute budget is kept, waits reported through a progress callback.
 */
import type { CtiItemRecord, CtiSelectionCriteria, RisDeviceRecord } from "../../../wsdl/risport70.ts";
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";
import { ProtocolError } from "../errors.ts";
import { basicAuth, type FetchLike, httpRequest } from "../http.ts";
import { type ProtocolLogger, SILENT_LOGGER } from "../logger.ts";
import { decodeFault } from "../soap/fault.ts";
import { createSoapParser } from "../soap/parse.ts";
import { decodeXmlBytes } from "../soap/xml-guard.ts";
import type { FetchTls } from "../tls.ts";
import { decodeSelectCmDevice, mergeLatest } from "./decode.ts";
import { decodeSelectCtiItem } from "./decode-cti.ts";
import { buildSelectCmDevice, buildSelectCtiItem, type RisQuery, selectionCriteria } from "./encode.ts";
import type { RisBudget } from "./rate-budget.ts";

/** A RIS node and credentials. */
export interface RisTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  timeoutMs: number;
  tls: FetchTls;
}

/** Progress of a long query. */
export type RisProgress =
  | { kind: "page"; requests: number; devices: number; total: number }
  | { kind: "waiting"; waitMs: number; reason: "budget" | "rate-fault" };

/** Options of one query. */
export interface RisQueryOptions {
  /** Devices per request (1000 by default; 2000 on releases that allow it). */
  pageSize?: number;
  /**
   * The device names the query's items cover, from the configuration database (AXL), to complete
   * a short answer; absent or throwing = the answer is reported incomplete instead.
   */
  namesFor?: (items: string[]) => Promise<string[]>;
  onProgress?: (p: RisProgress) => void;
  signal?: AbortSignal;
  /** Safety stop on requests for one query (default 10,000). */
  maxRequests?: number;
}

/** How a short answer was completed, or why it could not be. */
export interface RisCompleteness {
  /** Device records the nodes said they found (TotalDevicesFound, summed over the walks). */
  found: number;
  /** Device records they sent. */
  received: number;
  /** Names asked again through selectCmDeviceExt after a short answer. */
  completedByName?: number;
  /** Set when the answer may still miss devices: what was missing and why. */
  incomplete?: string;
}

/** The merged answer. */
export interface RisQueryResult {
  devices: RisDeviceRecord[];
  requests: number;
  /** Nodes that did not answer (ReturnCode other than Ok). */
  nodeErrors: Array<{ node: string; returnCode: string }>;
  completeness: RisCompleteness;
}

/** Injected dependencies. */
export interface RisClientDeps {
  fetch: FetchLike;
  budget: RisBudget;
  logger?: ProtocolLogger;
  /** How many times a rate fault is waited out before giving up. */
  rateFaultRetries?: number;
}

/** What selectCtiItem asks for; defaults fill the rest. */
export interface CtiQuery {
  mgrClass: CtiSelectionCriteria["CtiMgrClass"];
  status?: CtiSelectionCriteria["Status"];
  nodeName?: string;
  selectAppBy?: CtiSelectionCriteria["SelectAppBy"];
  appItems?: string[];
  devNames?: string[];
  dirNumbers?: string[];
}

/** The client. */
export interface RisClient {
  selectCmDevice(target: RisTarget, query: RisQuery, opts?: RisQueryOptions): Promise<RisQueryResult>;
  /** CTI providers, devices or lines (one request per page, StateInfo paging as for devices). */
  selectCtiItem(
    target: RisTarget,
    query: CtiQuery,
    opts?: RisQueryOptions,
  ): Promise<{
    items: CtiItemRecord[];
    requests: number;
    nodeErrors: Array<{ node: string; returnCode: string }>;
    /** TotalItemsFound of the first reply. */
    total: number;
    /** Set when fewer items came back than the node found. */
    incomplete?: string;
  }>;
}

const parser = createSoapParser({ arrayTags: ["item"], maxBytes: 64 * 1024 * 1024 });

/** Creates the client. */
export function createRisClient(deps: RisClientDeps): RisClient {
  const log = deps.logger ?? SILENT_LOGGER;

  async function send(target: RisTarget, xml: string, op: string, opts: RisQueryOptions) {
    for (let attempt = 0; ; attempt++) {
      await deps.budget.acquire(target.host, (waitMs) =>
        opts.onProgress?.({ kind: "waiting", waitMs, reason: "budget" }),
      );
      const res = await httpRequest(deps.fetch, {
        url: `https://${target.host}:${target.port}/realtimeservice2/services/RISService70`,
        method: "POST",
        headers: {
          "content-type": "text/xml; charset=utf-8",
          soapaction: op,
          authorization: basicAuth(target.username, target.password),
        },
        body: xml,
        timeoutMs: target.timeoutMs,
        tls: target.tls,
        maxBytes: 64 * 1024 * 1024,
        host: target.host,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      if (res.status === 401 || res.status === 403) {
        throw new ProtocolError(
          "UPSTREAM_AUTH",
          `${target.host} refused the RIS credentials (HTTP ${res.status})`,
          "Check the stored credentials and that the user has the Standard RealtimeAndTraceCollection role.",
          { host: target.host, status: res.status },
        );
      }
      const rateLimited = res.status === 503;
      if (!rateLimited && res.status !== 200 && res.status !== 500) {
        throw new ProtocolError(
          "UPSTREAM_HTTP",
          `${target.host} answered RIS with HTTP ${res.status}`,
          "Check that the node runs the SOAP Real-Time Service APIs.",
          { host: target.host, status: res.status },
        );
      }
      const body = rateLimited
        ? undefined
        : parser.parseEnvelope(decodeXmlBytes(res.body, 64 * 1024 * 1024, target.host), target.host);
      const fault = body?.name === "Fault" ? decodeFault(body.value) : undefined;
      if (body && !fault) return body;
      if (rateLimited || PROTOCOL_PATTERNS.risRateExceeded.test(fault?.faultstring ?? "")) {
        if (attempt >= (deps.rateFaultRetries ?? 3)) {
          throw new ProtocolError(
            "UPSTREAM_THROTTLED",
            `${target.host} refused RIS: per-minute query budget exceeded`,
            "Other clients share the node's RIS budget (15/min by default); wait a minute and retry.",
            { host: target.host, retryable: true },
          );
        }
        log.warn({ host: target.host }, "RIS rate limit hit; waiting for the window");
        deps.budget.exhaust(target.host);
        continue;
      }
      throw new ProtocolError(
        "UPSTREAM_PROTOCOL",
        `RIS fault from ${target.host}: ${fault?.faultstring}`,
        "Check the query values (device class, status, select-by).",
        { host: target.host, faultcode: fault?.faultcode },
      );
    }
  }

  /** One walk: a request and its StateInfo continuations, merged into `into`. */
  async function walk(
    target: RisTarget,
    query: RisQuery,
    items: string[],
    ext: boolean,
    opts: RisQueryOptions,
    state: WalkState,
  ): Promise<{ found: number; received: number }> {
    const pageSize = opts.pageSize ?? 1000;
    const op = ext ? "selectCmDeviceExt" : "selectCmDevice";
    // The status filter is applied after the merge, never sent: a node answering for its own
    // stale record (UnRegistered after a failover) must not hide that the device's latest
    // record, on another node, says otherwise.
    const criteria = selectionCriteria({ ...query, status: "Any" }, pageSize, items);
    let stateInfo = "";
    let found = 0;
    // Records are counted once each (name on node): a node that repeats a page sends nothing new.
    const records = new Set<string>();
    for (;;) {
      if (state.requests >= (opts.maxRequests ?? 10_000)) {
        throw new ProtocolError(
          "UPSTREAM_PROTOCOL",
          `RIS paging on ${target.host} did not finish`,
          "Narrow the query.",
          {
            host: target.host,
          },
        );
      }
      const page = decodeSelectCmDevice(await send(target, buildSelectCmDevice(criteria, stateInfo, ext), op, opts));
      state.requests++;
      let count = 0;
      const before = state.merged.size;
      for (const node of page.nodes) {
        if (node.returnCode !== "" && node.returnCode !== "Ok") state.nodeErrors.set(node.name, node.returnCode);
        count += node.devices.length;
        for (const d of node.devices) records.add(`${d.name}\n${node.name}`);
        mergeLatest(node.devices, state.merged);
      }
      if (stateInfo === "") found = page.totalDevicesFound;
      const received = records.size;
      opts.onProgress?.({ kind: "page", requests: state.requests, devices: state.merged.size, total: found });
      // StateInfo continues while the node still owes devices. A node that hands out StateInfo but
      // answers the same page again brings nothing new: stop there and let the count decide.
      const owed = received < found;
      const progressed = state.merged.size > before;
      const done =
        page.stateInfo === "" ||
        page.stateInfo === stateInfo ||
        count === 0 ||
        !progressed ||
        (!owed && count < pageSize);
      if (done) break;
      stateInfo = page.stateInfo;
    }
    return { found, received: records.size };
  }

  return {
    async selectCmDevice(target, query, opts = {}) {
      const pageSize = opts.pageSize ?? 1000;
      const items = query.items && query.items.length > 0 ? query.items : ["*"];
      const byName = (query.selectBy ?? "Name") === "Name";
      const wildcard = items.some((i) => i.includes("*"));
      const state: WalkState = { merged: new Map(), nodeErrors: new Map(), requests: 0 };
      let found = 0;
      let received = 0;
      for (let i = 0; i < items.length; i += pageSize) {
        const w = await walk(target, query, items.slice(i, i + pageSize), byName && !wildcard, opts, state);
        found += w.found;
        received += w.received;
      }
      const completeness: RisCompleteness = { found, received };
      if (received < found) await completeByName(walk, target, query, items, byName, opts, state, completeness);
      const devices = [...state.merged.values()].filter((d) => matches(d, query));
      return {
        devices,
        requests: state.requests,
        nodeErrors: [...state.nodeErrors].map(([node, returnCode]) => ({ node, returnCode })),
        completeness,
      };
    },
    async selectCtiItem(target, query, opts = {}) {
      const pageSize = opts.pageSize ?? 1000;
      const criteria: CtiSelectionCriteria = {
        MaxReturnedItems: pageSize,
        CtiMgrClass: query.mgrClass,
        Status: query.status ?? "Any",
        NodeName: query.nodeName ?? "",
        SelectAppBy: query.selectAppBy ?? "AppId",
        AppItems: { item: (query.appItems ?? []).map((AppItem) => ({ AppItem })) },
        DevNames: { item: (query.devNames ?? []).map((DevName) => ({ DevName })) },
        DirNumbers: { item: (query.dirNumbers ?? []).map((DirNumber) => ({ DirNumber })) },
      };
      const items: CtiItemRecord[] = [];
      const nodeErrors: Array<{ node: string; returnCode: string }> = [];
      let stateInfo = "";
      let requests = 0;
      let total = 0;
      for (;;) {
        const page = decodeSelectCtiItem(
          await send(target, buildSelectCtiItem(criteria, stateInfo), "selectCtiItem", opts),
        );
        if (requests === 0) total = page.total;
        requests++;
        items.push(...page.items);
        nodeErrors.push(...page.nodeErrors);
        opts.onProgress?.({ kind: "page", requests, devices: items.length, total: page.total });
        if (page.stateInfo === "" || page.stateInfo === stateInfo || page.items.length < pageSize) break;
        if (requests >= (opts.maxRequests ?? 10_000)) break;
        stateInfo = page.stateInfo;
      }
      const incomplete =
        items.length < total
          ? `the nodes found ${total} CTI items but sent ${items.length}; narrow the query (status, node, names)`
          : undefined;
      return { items, requests, nodeErrors, total, ...(incomplete === undefined ? {} : { incomplete }) };
    },
  };
}

interface WalkState {
  merged: Map<string, RisDeviceRecord>;
  nodeErrors: Map<string, string>;
  requests: number;
}

type Walk = (
  target: RisTarget,
  query: RisQuery,
  items: string[],
  ext: boolean,
  opts: RisQueryOptions,
  state: WalkState,
) => Promise<{ found: number; received: number }>;

/**
 * Completes a short answer: the names the items cover (explicit names as given, wildcards through
 * `namesFor`) that no node reported yet are asked again with selectCmDeviceExt, in chunks no
 * larger than the node proved it sends. Sets `incomplete` when that is not possible.
 */
async function completeByName(
  walk: Walk,
  target: RisTarget,
  query: RisQuery,
  items: string[],
  byName: boolean,
  opts: RisQueryOptions,
  state: WalkState,
  c: RisCompleteness,
): Promise<void> {
  const short = `the nodes found ${c.found} device records but sent ${c.received}`;
  if (!byName) {
    c.incomplete = `${short}; only a selection by Name can be completed (ask for narrower items)`;
    return;
  }
  let names: string[];
  if (items.every((i) => !i.includes("*"))) names = items;
  else if (opts.namesFor === undefined) {
    c.incomplete = `${short}; the device names to ask for are not available`;
    return;
  } else {
    try {
      names = await opts.namesFor(items);
    } catch (err) {
      c.incomplete = `${short}; listing the device names failed: ${err instanceof Error ? err.message : String(err)}`;
      return;
    }
  }
  const seen = new Set([...state.merged.keys()].map((n) => n.toLowerCase()));
  const missing = [...new Set(names)].filter((n) => !seen.has(n.toLowerCase()));
  const chunk = Math.max(1, Math.min(opts.pageSize ?? 1000, c.received || 1));
  let stillShort = false;
  for (let i = 0; i < missing.length; i += chunk) {
    const w = await walk(target, query, missing.slice(i, i + chunk), true, opts, state);
    if (w.received < w.found) stillShort = true;
  }
  c.completedByName = missing.length;
  if (stillShort) c.incomplete = `${short}; asking again by name still came back short`;
}

/** The caller's filters, applied again after merging (a device's latest record decides). */
function matches(d: RisDeviceRecord, q: RisQuery): boolean {
  if (q.status && q.status !== "Any" && d.status !== q.status) return false;
  if (q.deviceClass && q.deviceClass !== "Any" && d.deviceClass !== q.deviceClass) return false;
  return true;
}
