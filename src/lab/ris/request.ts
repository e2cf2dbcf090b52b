/**
 * Parses RisPort70 requests (RISService70.wsdl, document/literal, namespace
 * `http://schemas.cisco.com/ast/soap`): selectCmDevice, selectCmDeviceExt and selectCtiItem.
 * The operation is taken from the body element, whatever the SOAPAction says, because real
 * clients send several SOAPAction spellings (or none) and CUCM answers them all.
 */
import { XMLParser } from "fast-xml-parser";

/** `CmSelectionCriteria`, with the defaults CUCM applies to nil or missing elements. */
export interface CmCriteria {
  maxReturned: number;
  deviceClass: string;
  model: number;
  status: string;
  nodeName: string;
  selectBy: string;
  items: string[];
  protocol: string;
  downloadStatus: string;
}

/** `CtiSelectionCriteria`. */
export interface CtiCriteria {
  maxReturned: number;
  mgrClass: string;
  status: string;
  nodeName: string;
  selectAppBy: string;
  appItems: string[];
  devNames: string[];
  dirNumbers: string[];
}

/** A parsed RisPort70 request. */
export type RisRequest =
  | { op: "selectCmDevice" | "selectCmDeviceExt"; stateInfo: string; criteria: CmCriteria }
  | { op: "selectCtiItem"; stateInfo: string; criteria: CtiCriteria };

/** Why a request could not be understood (becomes a SOAP Client fault). */
export class RisRequestError extends Error {
  readonly code = "RIS_BAD_REQUEST";
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === "item",
});

type Node = Record<string, unknown>;

/** Parses the SOAP envelope text into a request. */
export function parseRisRequest(xml: string): RisRequest {
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (error) {
    throw new RisRequestError(`The request is not well-formed XML: ${(error as Error).message.split("\n")[0]}`);
  }
  const body = child(child(doc, "Envelope"), "Body");
  if (!body) throw new RisRequestError("The request has no SOAP 1.1 Envelope/Body.");
  for (const op of ["selectCmDevice", "selectCmDeviceExt", "selectCtiItem"] as const) {
    const el = child(body, op);
    if (el === undefined) continue;
    const stateInfo = text(el["StateInfo"]);
    if (op === "selectCtiItem")
      return { op, stateInfo, criteria: ctiCriteria(child(el, "CtiSelectionCriteria") ?? {}) };
    return { op, stateInfo, criteria: cmCriteria(child(el, "CmSelectionCriteria") ?? {}) };
  }
  const names = Object.keys(body).filter((k) => !k.startsWith("@"));
  throw new RisRequestError(
    `No such operation: ${names[0] ?? "(empty Body)"}; expected selectCmDevice, selectCmDeviceExt or selectCtiItem.`,
  );
}

function cmCriteria(el: Node): CmCriteria {
  return {
    maxReturned: count(el["MaxReturnedDevices"]),
    deviceClass: text(el["DeviceClass"]) || "Any",
    model: count(el["Model"]) || 255,
    status: text(el["Status"]) || "Any",
    nodeName: text(el["NodeName"]),
    selectBy: text(el["SelectBy"]) || "Name",
    items: list(el["SelectItems"], "Item"),
    protocol: text(el["Protocol"]) || "Any",
    downloadStatus: text(el["DownloadStatus"]) || "Any",
  };
}

function ctiCriteria(el: Node): CtiCriteria {
  return {
    maxReturned: count(el["MaxReturnedItems"]),
    mgrClass: text(el["CtiMgrClass"]) || "Provider",
    status: text(el["Status"]) || "Any",
    nodeName: text(el["NodeName"]),
    selectAppBy: text(el["SelectAppBy"]) || "AppId",
    appItems: list(el["AppItems"], "AppItem"),
    devNames: list(el["DevNames"], "DevName"),
    dirNumbers: list(el["DirNumbers"], "DirNumber"),
  };
}

function child(node: unknown, name: string): Node | undefined {
  if (node === null || typeof node !== "object") return undefined;
  const value = (node as Node)[name];
  if (value === undefined) return undefined;
  return value !== null && typeof value === "object" ? (value as Node) : {};
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object" && "#text" in value) return String((value as Node)["#text"]);
  return "";
}

function count(value: unknown): number {
  const n = Number.parseInt(text(value), 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

function list(value: unknown, field: string): string[] {
  if (value === null || typeof value !== "object") return [];
  const items = (value as Node)["item"];
  if (!Array.isArray(items)) return [];
  return items
    .map((item) => (item !== null && typeof item === "object" ? text((item as Node)[field]) : ""))
    .filter((s) => s !== "");
}
