/**
 * Decodes selectCmDevice(Ext) answers in both shapes CUCM has used: the CUCM 12.5+/15
 * `selectCmDeviceReturn/SelectCmDeviceResult/{TotalDevicesFound, CmNodes}` wrapper and the older
 * one with `TotalDevicesFound`/`CmNodes` directly under the return (and a flat `IpAddress` string
 * on very old releases). StateInfo may sit inside the return or beside it.
 */
import type { RisDeviceRecord, RisIpAddress, RisNodeResult, SelectCmDeviceResult } from "../../../wsdl/risport70.ts";
import type { SoapBody } from "../soap/parse.ts";
import { asList, objectOf, textOf } from "../soap/shape.ts";

type Obj = Record<string, unknown>;

const str = (v: unknown) => textOf(v) ?? "";
const num = (v: unknown) => {
  const n = Number(textOf(v) ?? "");
  return Number.isFinite(n) ? n : 0;
};

/** Reads one selectCmDevice(Ext)Response body. */
export function decodeSelectCmDevice(body: SoapBody): SelectCmDeviceResult {
  const ret = objectOf(body.value["selectCmDeviceReturn"] ?? body.value["SelectCmDeviceReturn"] ?? body.value);
  const result = objectOf(ret["SelectCmDeviceResult"] ?? ret);
  const stateInfo = str(ret["StateInfo"] ?? result["StateInfo"] ?? body.all["StateInfo"]);
  const nodes = asList<Obj>(objectOf(result["CmNodes"])["item"]).map(decodeNode);
  return { totalDevicesFound: num(result["TotalDevicesFound"]), nodes, stateInfo };
}

function decodeNode(n: Obj): RisNodeResult {
  const name = str(n["Name"]);
  return {
    name,
    returnCode: str(n["ReturnCode"]),
    noChange: str(n["NoChange"]) === "true",
    devices: asList<Obj>(objectOf(n["CmDevices"])["item"]).map((d) => decodeDevice(d, name)),
  };
}

function decodeDevice(d: Obj, node: string): RisDeviceRecord {
  const ipAddresses: RisIpAddress[] = asList<Obj>(objectOf(d["IPAddress"])["item"]).map((i) => ({
    ip: str(i["IP"]),
    type: str(i["IPAddrType"]),
    attribute: str(i["Attribute"]),
  }));
  const flat = str(d["IpAddress"]);
  if (ipAddresses.length === 0 && flat !== "") ipAddresses.push({ ip: flat, type: "ipv4", attribute: "Unknown" });
  const ipv4 = ipAddresses.find((a) => a.type === "ipv4" && a.ip !== "")?.ip;
  return {
    name: str(d["Name"]),
    node,
    dirNumber: str(d["DirNumber"]),
    deviceClass: str(d["DeviceClass"]),
    model: num(d["Model"]),
    product: num(d["Product"]),
    status: str(d["Status"]),
    statusReason: num(d["StatusReason"]),
    description: str(d["Description"]),
    loginUserId: str(d["LoginUserId"]),
    protocol: str(d["Protocol"]),
    timestamp: num(d["TimeStamp"]),
    numOfLines: num(d["NumOfLines"]),
    activeLoadId: str(d["ActiveLoadID"]),
    inactiveLoadId: str(d["InactiveLoadID"]),
    downloadStatus: str(d["DownloadStatus"]),
    ipAddresses,
    ...(ipv4 === undefined ? {} : { ipv4 }),
    lines: asList<Obj>(objectOf(d["LinesStatus"])["item"]).map((l) => ({
      directoryNumber: str(l["DirectoryNumber"]),
      status: str(l["Status"]),
    })),
  };
}

/** Merges records of the same device reported by several nodes: the latest TimeStamp wins. */
export function mergeLatest(records: Iterable<RisDeviceRecord>, into = new Map<string, RisDeviceRecord>()) {
  for (const r of records) {
    const prev = into.get(r.name);
    if (!prev || r.timestamp > prev.timestamp) into.set(r.name, r);
  }
  return into;
}
