/**
 * selectCtiItem (RISService70.wsdl `CtiSelectionCriteria` → `SelectCtiItemResult`): CTI
 * providers, devices or lines per CTI Manager node. The lab's CTI items come from the cluster
 * (`LabDeviceSource.ctiItems`); the RIS registration status maps onto the CTI status enum
 * (Open / Closed / OpenFailed / Unknown).
 */
import type { LabDeviceSource, RisStatus } from "../contracts.ts";
import type { CtiCriteria } from "./request.ts";
import { RIS_NAMESPACE, soapEnvelope } from "./response.ts";
import { RIS_MAX_DEVICES_PER_REPLY } from "./select.ts";
import { wildcardMatch } from "./wildcard.ts";
import { escapeXml } from "./xml-text.ts";

type CtiEntry = ReturnType<NonNullable<LabDeviceSource["ctiItems"]>>[number];

/** The CtiStatus a RIS registration status corresponds to. */
function ctiStatusOf(status: RisStatus): string {
  if (status === "Registered") return "Open";
  if (status === "UnRegistered") return "Closed";
  if (status === "Rejected") return "OpenFailed";
  return "Unknown";
}

function el(name: string, value: string | number | boolean): string {
  return `<ns1:${name}>${escapeXml(value)}</ns1:${name}>`;
}

function itemXml(item: CtiEntry, mgrClass: string, nodeIp: string, dn: string): string {
  const status = ctiStatusOf(item.status);
  const reason = status === "Open" ? 0 : 1;
  const device =
    mgrClass === "Provider"
      ? '<ns1:CtiDevice xsi:nil="true"/>'
      : `<ns1:CtiDevice>${el("AppControlsMedia", false)}${el("DeviceName", item.name)}${el("DeviceStatus", status)}${el("DeviceStatusReason", reason)}${el("DeviceTimeStamp", item.timestamp)}</ns1:CtiDevice>`;
  const line =
    mgrClass === "Line"
      ? `<ns1:CtiLine>${el("DirNumber", dn)}${el("LineStatus", status)}${el("LineStatusReason", reason)}${el("LineTimeStamp", item.timestamp)}</ns1:CtiLine>`
      : '<ns1:CtiLine xsi:nil="true"/>';
  return `<ns1:item>${el("AppId", item.name)}${el("UserId", item.name)}${el("AppIpAddr", nodeIp)}<ns1:AppIpv6Addr/>${el("AppStatus", status)}${el("AppStatusReason", reason)}${el("AppTimeStamp", item.timestamp)}${device}${line}</ns1:item>`;
}

function selected(item: CtiEntry, c: CtiCriteria, dirNumberOf: (name: string) => string): boolean {
  if (c.status !== "Any" && ctiStatusOf(item.status) !== c.status) return false;
  if (c.nodeName && item.node.toLowerCase() !== c.nodeName.toLowerCase()) return false;
  if ((c.selectAppBy === "AppId" || c.selectAppBy === "UserId") && c.appItems.length > 0) {
    if (!c.appItems.some((p) => wildcardMatch(p, item.name))) return false;
  }
  if (c.devNames.length > 0 && !c.devNames.some((p) => wildcardMatch(p, item.name))) return false;
  if (c.dirNumbers.length > 0 && !c.dirNumbers.some((p) => wildcardMatch(p, dirNumberOf(item.name)))) return false;
  return true;
}

/** Builds the selectCtiItem reply (one CtiNodes item per CUCM node, in cluster order). */
export function selectCtiItemXml(
  items: CtiEntry[],
  nodes: Array<{ name: string; ip: string }>,
  criteria: CtiCriteria,
  /** The first directory number of a device (for CtiMgrClass Line), "" when unknown. */
  dirNumberOf: (deviceName: string) => string = () => "",
  maxPerReply = RIS_MAX_DEVICES_PER_REPLY,
): string {
  const limit = Math.min(criteria.maxReturned || maxPerReply, maxPerReply);
  const all = items.filter((i) => selected(i, criteria, dirNumberOf));
  const matched = all.slice(0, limit);
  const wanted = criteria.nodeName
    ? nodes.filter((n) => n.name.toLowerCase() === criteria.nodeName.toLowerCase())
    : nodes;
  const nodeXml = wanted
    .map((n) => {
      const mine = matched.filter((i) => i.node.toLowerCase() === n.name.toLowerCase());
      return `<ns1:item>${el("ReturnCode", "Ok")}${el("Name", n.name)}${el("NoChange", false)}<ns1:CtiItems>${mine.map((i) => itemXml(i, criteria.mgrClass, n.ip, dirNumberOf(i.name))).join("")}</ns1:CtiItems></ns1:item>`;
    })
    .join("");
  return soapEnvelope(
    `<ns1:selectCtiItemResponse xmlns:ns1="${RIS_NAMESPACE}"><ns1:selectCtiItemReturn><ns1:SelectCtiItemResult>${el("TotalItemsFound", all.length)}${all.length === 0 ? '<ns1:CtiNodes xsi:nil="1"/>' : `<ns1:CtiNodes>${nodeXml}</ns1:CtiNodes>`}</ns1:SelectCtiItemResult><ns1:StateInfo/></ns1:selectCtiItemReturn></ns1:selectCtiItemResponse>`,
  );
}
