/**
 * Renders RisPort70 replies as CUCM 10.5–15 send them (RISService70.wsdl): document/literal,
 * every element `ns1:`-qualified in `http://schemas.cisco.com/ast/soap`, the
 * `selectCmDeviceReturn/SelectCmDeviceResult` wrapper, CmDevice fields in schema order, and the
 * StateInfo string escaped inside its element. selectCmDeviceExt answers with the same
 * `selectCmDeviceResponse` element, as its WSDL output message says.
 */
import type { RisDevice } from "../contracts.ts";
import type { NodePage } from "./select.ts";
import { downloadStatusOf } from "./select.ts";
import { escapeXml } from "./xml-text.ts";

/** The RisPort70 target namespace. */
export const RIS_NAMESPACE = "http://schemas.cisco.com/ast/soap";
const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';
const ENVELOPE_CLOSE = "</soapenv:Body></soapenv:Envelope>";

/** Wraps body content in a SOAP 1.1 envelope. */
export function soapEnvelope(body: string): string {
  return `${ENVELOPE_OPEN}${body}${ENVELOPE_CLOSE}`;
}

/** A SOAP 1.1 fault (faultcode `soapenv:Server` or `soapenv:Client`), as Axis sends it. */
export function soapFault(kind: "Server" | "Client", message: string): string {
  return soapEnvelope(
    `<soapenv:Fault><faultcode>soapenv:${kind}</faultcode><faultstring>${escapeXml(message)}</faultstring><detail/></soapenv:Fault>`,
  );
}

function el(name: string, value: string | number | boolean): string {
  return `<ns1:${name}>${escapeXml(value)}</ns1:${name}>`;
}

function lineStatus(entry: string): { dn: string; status: string } {
  const dash = entry.lastIndexOf("-");
  if (dash < 0) return { dn: entry, status: "Unknown" };
  const status = entry.slice(dash + 1);
  const valid = ["Registered", "UnRegistered", "Rejected", "Unknown"].includes(status) ? status : "Unknown";
  return { dn: entry.slice(0, dash), status: valid };
}

function deviceXml(d: RisDevice): string {
  const isPhone = d.deviceClass === "Phone";
  const lines = d.dirNumbers
    .map(lineStatus)
    .map((l) => `<ns1:item>${el("DirectoryNumber", l.dn)}${el("Status", l.status)}</ns1:item>`)
    .join("");
  const h323 = ["ConfigName", "TechPrefix", "Zone", "RemoteCmServer1", "RemoteCmServer2", "RemoteCmServer3"]
    .concat(["AltGkList", "ActiveGk", "CallSignalAddr", "RasAddr"])
    .map((n) => `<ns1:${n}/>`)
    .join("");
  const ip = d.ip
    ? `<ns1:item>${el("IP", d.ip)}${el("IPAddrType", "ipv4")}${el("Attribute", "AdministrativeAndSignaling")}</ns1:item>`
    : "";
  return [
    "<ns1:item>",
    el("Name", d.name),
    el("DirNumber", d.dirNumbers[0] ?? ""),
    el("DeviceClass", d.deviceClass),
    el("Model", d.model),
    el("Product", d.model),
    el("BoxProduct", 0),
    el("Httpd", isPhone ? "Yes" : "No"),
    el("RegistrationAttempts", 0),
    el("IsCtiControllable", isPhone),
    el("LoginUserId", d.loginUserId),
    el("Status", d.status),
    el("StatusReason", d.statusReason),
    el("PerfMonObject", isPhone ? 2 : 0),
    el("DChannel", 0),
    el("Description", d.description),
    `<ns1:H323Trunk>${h323}</ns1:H323Trunk>`,
    el("TimeStamp", d.timestamp),
    el("Protocol", d.protocol),
    el("NumOfLines", d.dirNumbers.length),
    `<ns1:LinesStatus>${lines}</ns1:LinesStatus>`,
    el("ActiveLoadID", d.activeLoadId),
    "<ns1:InactiveLoadID/>",
    el("DownloadStatus", downloadStatusOf(d)),
    "<ns1:DownloadFailureReason/>",
    "<ns1:DownloadServer/>",
    `<ns1:IPAddress>${ip}</ns1:IPAddress>`,
    "</ns1:item>",
  ].join("");
}

/** The selectCmDevice / selectCmDeviceExt reply. */
export function selectCmDeviceXml(totalFound: number, nodes: NodePage[], stateInfo: string): string {
  const nodeXml = nodes
    .map(
      (n) =>
        `<ns1:item>${el("ReturnCode", n.returnCode)}${el("Name", n.name)}${el("NoChange", false)}<ns1:CmDevices>${n.devices.map(deviceXml).join("")}</ns1:CmDevices></ns1:item>`,
    )
    .join("");
  // Nothing found anywhere: CUCM sends a nil CmNodes instead of empty node items (a captured reply).
  const empty = totalFound === 0 && nodes.every((n) => n.returnCode === "Ok");
  const cmNodes = empty ? '<ns1:CmNodes xsi:nil="1"/>' : `<ns1:CmNodes>${nodeXml}</ns1:CmNodes>`;
  return soapEnvelope(
    `<ns1:selectCmDeviceResponse xmlns:ns1="${RIS_NAMESPACE}"><ns1:selectCmDeviceReturn><ns1:SelectCmDeviceResult>${el("TotalDevicesFound", totalFound)}${cmNodes}</ns1:SelectCmDeviceResult>${el("StateInfo", stateInfo)}</ns1:selectCmDeviceReturn></ns1:selectCmDeviceResponse>`,
  );
}
