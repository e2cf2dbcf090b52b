/**
 * Builds RisPort70 requests (RISService70.wsdl: document/literal, namespace
 * `http://schemas.cisco.com/ast/soap`, `elementFormDefault="qualified"`, so every child carries
 * the prefix; CmSelectionCriteria children in WSDL order).
 */
import type { CmSelectionCriteria, CtiSelectionCriteria } from "../../../wsdl/risport70.ts";
import { buildEnvelope } from "../soap/build.ts";

/** RisPort70 namespace. */
export const RIS_NAMESPACE = "http://schemas.cisco.com/ast/soap";

/** What a caller asks for; defaults fill the rest. */
export interface RisQuery {
  deviceClass?: CmSelectionCriteria["DeviceClass"];
  status?: CmSelectionCriteria["Status"];
  model?: number;
  nodeName?: string;
  selectBy?: CmSelectionCriteria["SelectBy"];
  /** Items to select (wildcard `*` allowed with Name); default `["*"]`. */
  items?: string[];
  protocol?: CmSelectionCriteria["Protocol"];
  downloadStatus?: CmSelectionCriteria["DownloadStatus"];
}

/** Full criteria in WSDL order. */
export function selectionCriteria(q: RisQuery, maxReturned: number, items: string[]): CmSelectionCriteria {
  return {
    MaxReturnedDevices: maxReturned,
    DeviceClass: q.deviceClass ?? "Any",
    Model: q.model ?? 255,
    Status: q.status ?? "Any",
    NodeName: q.nodeName ?? "",
    SelectBy: q.selectBy ?? "Name",
    SelectItems: { item: items.map((Item) => ({ Item })) },
    Protocol: q.protocol ?? "Any",
    DownloadStatus: q.downloadStatus ?? "Any",
  };
}

/** The selectCmDevice (or selectCmDeviceExt) envelope. */
export function buildSelectCmDevice(criteria: CmSelectionCriteria, stateInfo: string, ext = false): string {
  return buildEnvelope({
    namespace: RIS_NAMESPACE,
    prefix: "soap",
    operation: ext ? "selectCmDeviceExt" : "selectCmDevice",
    payload: { StateInfo: stateInfo, CmSelectionCriteria: criteria },
    qualifyChildren: true,
  });
}

/** The selectCtiItem envelope. */
export function buildSelectCtiItem(criteria: CtiSelectionCriteria, stateInfo: string): string {
  return buildEnvelope({
    namespace: RIS_NAMESPACE,
    prefix: "soap",
    operation: "selectCtiItem",
    payload: { StateInfo: stateInfo, CtiSelectionCriteria: criteria },
    qualifyChildren: true,
  });
}
