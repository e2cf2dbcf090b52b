/**
 * The RisPort70 client (`https://<node>:8443/realtimeservice2/services/RISService70`): pages
 * selectCmDevice with StateInfo until the answer is complete (never a silent cut at
 * MaxReturnedDevices), chunks explicit SelectItems by the page size, merges devices reported by
 * several nodes by latest TimeStamp, applies the caller's status/class filters, and keeps to the
 * per-node per-minute budget, reporting waits through a progress callback.
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
  /** Use selectCmDeviceExt (latest record per device on the server side). */
  ext?: boolean;
  onProgress?: (p: RisProgress) => void;
  signal?: AbortSignal;
  /** Safety stop on requests for one query (default 10,000). */
  maxRequests?: number;
}

/** The merged answer. */
export interface RisQueryResult {
  devices: RisDeviceRecord[];
  requests: number;
  /** Nodes that did not answer (ReturnCode other than Ok). */
  nodeErrors: Array<{ node: string; returnCode: string }>;
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
  ): Promise<{ items: CtiItemRecord[]; requests: number; nodeErrors: Array<{ node: string; returnCode: string }> }>;
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

  return {
    async selectCmDevice(target, query, opts = {}) {
      const pageSize = opts.pageSize ?? 1000;
      const op = opts.ext ? "selectCmDeviceExt" : "selectCmDevice";
      const items = query.items && query.items.length > 0 ? query.items : ["*"];
      const merged = new Map<string, RisDeviceRecord>();
      const nodeErrors = new Map<string, string>();
      let requests = 0;
      for (let i = 0; i < items.length; i += pageSize) {
        // The status filter is applied after the merge, never sent: a node answering for its own
        // stale record (UnRegistered after a failover) must not hide that the device's latest
        // record, on another node, says otherwise.
        const criteria = selectionCriteria({ ...query, status: "Any" }, pageSize, items.slice(i, i + pageSize));
        let stateInfo = "";
        for (;;) {
          if (requests >= (opts.maxRequests ?? 10_000)) {
            throw new ProtocolError(
              "UPSTREAM_PROTOCOL",
              `RIS paging on ${target.host} did not finish`,
              "Narrow the query.",
              { host: target.host },
            );
          }
          const page = decodeSelectCmDevice(
            await send(target, buildSelectCmDevice(criteria, stateInfo, opts.ext), op, opts),
          );
          requests++;
          let count = 0;
          for (const node of page.nodes) {
            if (node.returnCode !== "" && node.returnCode !== "Ok") nodeErrors.set(node.name, node.returnCode);
            count += node.devices.length;
            mergeLatest(node.devices, merged);
          }
          opts.onProgress?.({ kind: "page", requests, devices: merged.size, total: page.totalDevicesFound });
          // Empty or unchanged StateInfo, or a short page, ends the walk; TotalDevicesFound is not
          // trusted as a stop condition because releases differ on whether it counts duplicates.
          const done = page.stateInfo === "" || page.stateInfo === stateInfo || count < pageSize;
          if (done) break;
          stateInfo = page.stateInfo;
        }
      }
      const devices = [...merged.values()].filter((d) => matches(d, query));
      return { devices, requests, nodeErrors: [...nodeErrors].map(([node, returnCode]) => ({ node, returnCode })) };
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
      for (;;) {
        const page = decodeSelectCtiItem(
          await send(target, buildSelectCtiItem(criteria, stateInfo), "selectCtiItem", opts),
        );
        requests++;
        items.push(...page.items);
        nodeErrors.push(...page.nodeErrors);
        opts.onProgress?.({ kind: "page", requests, devices: items.length, total: page.total });
        if (page.stateInfo === "" || page.stateInfo === stateInfo || page.items.length < pageSize) break;
        if (requests >= (opts.maxRequests ?? 10_000)) break;
        stateInfo = page.stateInfo;
      }
      return { items, requests, nodeErrors };
    },
  };
}

/** The caller's filters, applied again after merging (a device's latest record decides). */
function matches(d: RisDeviceRecord, q: RisQuery): boolean {
  if (q.status && q.status !== "Any" && d.status !== q.status) return false;
  if (q.deviceClass && q.deviceClass !== "Any" && d.deviceClass !== q.deviceClass) return false;
  return true;
}
