/**
 * Device selection for selectCmDevice / selectCmDeviceExt: the CmSelectionCriteria filters
 * (class, model, status, node, protocol, download status, SelectBy + wildcard items), the
 * 1000-device page cap and StateInfo continuation. Pure: takes the device list, returns the
 * page grouped by node, every CallManager node present (empty `CmDevices` when it has none),
 * as CUCM reports them.
 */
import type { RisDevice } from "../contracts.ts";
import type { CmCriteria } from "./request.ts";
import { decodeStateInfo, hashCriteria } from "./state-info.ts";
import { wildcardMatch } from "./wildcard.ts";

/** Most devices one reply carries by default (1000 up to 12.0, 2000 from 12.5; knob `risMaxPerReply`). */
export const RIS_MAX_DEVICES_PER_REPLY = 2000;

/** One node's slice of a page. */
export interface NodePage {
  name: string;
  returnCode: "Ok" | "InvalidNodeName";
  devices: RisDevice[];
  found: number;
}

/** The result of one selectCmDevice call. */
export interface DevicePage {
  totalFound: number;
  nodes: NodePage[];
  /** Offset of the next page, or undefined when this page was the last. */
  nextOffset: number | undefined;
  criteriaHash: string;
}

/** DownloadStatus the lab derives for a device (it has no firmware downloads in flight). */
export function downloadStatusOf(device: RisDevice): string {
  return device.status === "Registered" ? "Successful" : "Unknown";
}

/** Applies the criteria and paging to the device list. */
export function selectDevices(
  all: RisDevice[],
  nodeNames: string[],
  criteria: CmCriteria,
  stateInfo: string,
  latestOnly: boolean,
  maxPerReply = RIS_MAX_DEVICES_PER_REPLY,
): DevicePage {
  const criteriaHash = hashCriteria({ ...criteria, latestOnly });
  const cursor = decodeStateInfo(stateInfo);
  const offset = cursor && cursor.criteriaHash === criteriaHash ? cursor.offset : 0;
  const limit = Math.min(criteria.maxReturned || maxPerReply, maxPerReply);
  const known = [...nodeNames];
  for (const d of all) if (!known.includes(d.node)) known.push(d.node);
  const wanted = criteria.nodeName ? [criteria.nodeName] : known;
  if (criteria.nodeName && !known.some((n) => n.toLowerCase() === criteria.nodeName.toLowerCase())) {
    return {
      totalFound: 0,
      nodes: [{ name: criteria.nodeName, returnCode: "InvalidNodeName", devices: [], found: 0 }],
      nextOffset: undefined,
      criteriaHash,
    };
  }
  const select = itemMatcher(criteria);
  let matched = all.filter((d) => matches(d, criteria) && select(d));
  if (latestOnly) matched = latestPerName(matched);
  const order = new Map(known.map((n, i) => [n.toLowerCase(), i]));
  matched.sort(
    (a, b) => order.get(a.node.toLowerCase())! - order.get(b.node.toLowerCase())! || compare(a.name, b.name),
  );
  const page = matched.slice(offset, offset + limit);
  const nodes = wanted.map((name): NodePage => {
    const lower = name.toLowerCase();
    return {
      name: known.find((n) => n.toLowerCase() === lower) ?? name,
      returnCode: "Ok",
      devices: page.filter((d) => d.node.toLowerCase() === lower),
      found: matched.filter((d) => d.node.toLowerCase() === lower).length,
    };
  });
  const next = offset + page.length;
  return { totalFound: matched.length, nodes, nextOffset: next < matched.length ? next : undefined, criteriaHash };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function matches(d: RisDevice, c: CmCriteria): boolean {
  if (c.deviceClass !== "Any" && d.deviceClass.toLowerCase() !== c.deviceClass.toLowerCase()) return false;
  if (c.model !== 255 && d.model !== c.model) return false;
  if (c.status !== "Any" && d.status.toLowerCase() !== c.status.toLowerCase()) return false;
  if (c.nodeName && d.node.toLowerCase() !== c.nodeName.toLowerCase()) return false;
  if (c.protocol !== "Any" && d.protocol.toLowerCase() !== c.protocol.toLowerCase()) return false;
  if (c.downloadStatus !== "Any" && downloadStatusOf(d) !== c.downloadStatus) return false;
  return true;
}

/**
 * The SelectItems test. Items without `*` go into a set (one lookup per device value), so a
 * 1000-name list costs what one wildcard does; only wildcard items are matched one by one.
 */
function itemMatcher(c: CmCriteria): (d: RisDevice) => boolean {
  if (c.items.length === 0) return () => true;
  const exact = new Set(c.items.filter((i) => !i.includes("*")).map((i) => i.toLowerCase()));
  const patterns = c.items.filter((i) => i.includes("*"));
  return (d) =>
    selectValues(d, c.selectBy).some((v) => exact.has(v.toLowerCase()) || patterns.some((p) => wildcardMatch(p, v)));
}

function selectValues(d: RisDevice, selectBy: string): string[] {
  switch (selectBy) {
    case "IPV4Address":
      return [d.ip];
    case "DirNumber":
      return d.dirNumbers.map((dn) => (dn.includes("-") ? dn.slice(0, dn.lastIndexOf("-")) : dn));
    case "Description":
      return [d.description];
    case "IPV6Address":
      return [];
    default:
      return [d.name];
  }
}

function latestPerName(devices: RisDevice[]): RisDevice[] {
  const latest = new Map<string, RisDevice>();
  for (const d of devices) {
    const seen = latest.get(d.name);
    if (!seen || d.timestamp > seen.timestamp) latest.set(d.name, d);
  }
  return [...latest.values()];
}
