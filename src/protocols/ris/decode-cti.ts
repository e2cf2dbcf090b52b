/**
 * Decodes selectCtiItem answers (RISService70.wsdl `SelectCtiItemResult`: TotalItemsFound,
 * CtiNodes/item{ReturnCode, Name, NoChange, CtiItems/item}), with or without the result wrapper.
 */
import type { CtiItemRecord } from "../../../wsdl/risport70.ts";
import type { SoapBody } from "../soap/parse.ts";
import { asList, objectOf, textOf } from "../soap/shape.ts";

type Obj = Record<string, unknown>;
const str = (v: unknown) => textOf(v) ?? "";
const num = (v: unknown) => {
  const n = Number(textOf(v) ?? "");
  return Number.isFinite(n) ? n : 0;
};

/** One decoded page. */
export interface CtiPage {
  total: number;
  items: CtiItemRecord[];
  nodeErrors: Array<{ node: string; returnCode: string }>;
  stateInfo: string;
}

/** Reads one selectCtiItemResponse body. */
export function decodeSelectCtiItem(body: SoapBody): CtiPage {
  const ret = objectOf(body.value["selectCtiItemReturn"] ?? body.value);
  const result = objectOf(ret["SelectCtiItemResult"] ?? ret);
  const items: CtiItemRecord[] = [];
  const nodeErrors: CtiPage["nodeErrors"] = [];
  for (const n of asList<Obj>(objectOf(result["CtiNodes"])["item"])) {
    const node = str(n["Name"]);
    const code = str(n["ReturnCode"]);
    if (code !== "" && code !== "Ok") nodeErrors.push({ node, returnCode: code });
    for (const i of asList<Obj>(objectOf(n["CtiItems"])["item"])) items.push(decodeItem(i, node));
  }
  return {
    total: num(result["TotalItemsFound"]),
    items,
    nodeErrors,
    stateInfo: str(ret["StateInfo"] ?? body.all["StateInfo"]),
  };
}

function decodeItem(i: Obj, node: string): CtiItemRecord {
  const d = objectOf(i["CtiDevice"]);
  const l = objectOf(i["CtiLine"]);
  return {
    node,
    appId: str(i["AppId"]),
    userId: str(i["UserId"]),
    appIpAddr: str(i["AppIpAddr"]),
    appStatus: str(i["AppStatus"]),
    appStatusReason: num(i["AppStatusReason"]),
    appTimeStamp: num(i["AppTimeStamp"]),
    ...(d["DeviceName"] === undefined
      ? {}
      : {
          device: {
            name: str(d["DeviceName"]),
            status: str(d["DeviceStatus"]),
            statusReason: num(d["DeviceStatusReason"]),
            timestamp: num(d["DeviceTimeStamp"]),
            controlsMedia: str(d["AppControlsMedia"]) === "true",
          },
        }),
    ...(l["LineStatus"] === undefined
      ? {}
      : {
          line: {
            dirNumber: str(l["DirNumber"]),
            status: str(l["LineStatus"]),
            statusReason: num(l["LineStatusReason"]),
            timestamp: num(l["LineTimeStamp"]),
          },
        }),
  };
}
