/**
 * AXL's error answers as CUCM (Apache Axis2 on Tomcat) sends them (AXL Developer Guide, "AXL error
 * codes" and "AXL throttling"): SOAP faults with `axlError` detail (axlcode, axlmessage, request)
 * as HTTP 500, the Axis2 "EPR not found" fault for unknown operations, the HTML 599 page for an
 * unsupported schema version, Tomcat's 401 page, and HTTP 503 for write throttling.
 */
import { esc, SOAP_NS } from "./xml.ts";

/** A fault the AXL handler answers with. */
export class AxlFault extends Error {
  override readonly name = "AxlFault";
  constructor(
    /** AXL code: 5007 not found, -239 duplicate, -1 throttling, 5003 invalid value ... */
    readonly axlcode: number,
    message: string,
    readonly faultcode: "soapenv:Server" | "soapenv:Client" = "soapenv:Server",
  ) {
    super(message);
  }
}

const XML = { "content-type": "text/xml; charset=utf-8" };
const HTML = { "content-type": "text/html;charset=utf-8" };

/** The SOAP fault envelope for `fault` raised while serving `operation` (HTTP 500). */
export function faultResponse(fault: AxlFault, operation: string): Response {
  const text = esc(fault.message);
  const body =
    `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="${SOAP_NS}"><soapenv:Body><soapenv:Fault>` +
    `<faultcode>${fault.faultcode}</faultcode><faultstring>${text}</faultstring><detail><axlError>` +
    `<axlcode>${fault.axlcode}</axlcode><axlmessage>${text}</axlmessage><request>${esc(operation)}</request>` +
    "</axlError></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
  return new Response(body, { status: 500, headers: XML });
}

/** Axis2's answer to an operation the service does not have (no axlError detail). */
export function unknownOperationResponse(host: string, port: number, soapAction: string): Response {
  const body =
    `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="${SOAP_NS}"><soapenv:Body><soapenv:Fault>` +
    `<faultcode xmlns:axis2ns1="${SOAP_NS}">axis2ns1:Client</faultcode><faultstring>The endpoint reference (EPR) for the Operation not found is ` +
    `https://${esc(host)}:${port}/axl/services/AXLAPIService and the WSA Action = ${esc(soapAction)}</faultstring>` +
    "<detail/></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
  return new Response(body, { status: 500, headers: XML });
}

/** A plain SOAP fault without axlError (unreadable request). */
export function clientFaultResponse(message: string): Response {
  const body =
    `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="${SOAP_NS}"><soapenv:Body><soapenv:Fault>` +
    `<faultcode>soapenv:Client</faultcode><faultstring>${esc(message)}</faultstring><detail/></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
  return new Response(body, { status: 500, headers: XML });
}

/** HTTP 599: the schema version in SOAPAction/namespace is not supported. */
export function badVersionResponse(supported: readonly string[]): Response {
  const list = listVersions(supported);
  const body = `<html><head><title>Apache Tomcat - Error report</title></head><body><h1>HTTP Status 599 - Incorrect axl version. Supported axl versions are ${list}</h1><p>Incorrect axl version. Supported axl versions are ${list}</p></body></html>`;
  return new Response(body, { status: 599, headers: HTML });
}

/** `12.5, 14.0 and 15.0`. */
function listVersions(versions: readonly string[]): string {
  if (versions.length <= 1) return versions.join("");
  return `${versions.slice(0, -1).join(", ")} and ${versions.at(-1)}`;
}

/** Tomcat's 401 page (AXL authenticates with HTTP Basic). */
export function unauthorizedResponse(): Response {
  return new Response(
    "<html><head><title>Apache Tomcat - Error report</title></head><body><h1>HTTP Status 401 - Unauthorized</h1><p>This request requires HTTP authentication.</p></body></html>",
    { status: 401, headers: { ...HTML, "www-authenticate": 'Basic realm="Cisco Unified Communications Manager"' } },
  );
}

/** HTTP 503 when the database change-notification queue is too deep (write throttling). */
export function throttledResponse(): Response {
  return new Response(
    "<html><head><title>Apache Tomcat - Error report</title></head><body><h1>HTTP Status 503 - Service Unavailable</h1><p>AXL write requests are throttled; retry in a few seconds.</p></body></html>",
    { status: 503, headers: { ...HTML, "retry-after": "5" } },
  );
}

/** -1: too many concurrent queries. */
export function memoryFault(): AxlFault {
  return new AxlFault(
    -1,
    "Maximum AXL Memory Allocation Consumed. Please retry once requests in progress have completed",
  );
}
