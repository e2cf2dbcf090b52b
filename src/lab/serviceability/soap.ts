/**
 * The SOAP plumbing the lab's Serviceability endpoints share (ControlCenterServices,
 * PerfmonService): Basic auth with the lab's AXL application user, the request's operation
 * element by local name (SOAPAction is not trusted, as CUCM does not), and answers in the
 * `http://schemas.cisco.com/ast/soap` namespace with `ns1:` children, as Axis sends them.
 */
import { XMLParser } from "fast-xml-parser";
import type { LabCredentials } from "../contracts.ts";
import { checkBasicAuth } from "../ris/basic-auth.ts";
import { soapEnvelope, soapFault } from "../ris/response.ts";
import { escapeXml } from "../ris/xml-text.ts";

/** A parsed request: the operation's local name and its children. */
export interface SoapRequest {
  operation: string;
  body: Record<string, unknown>;
}

/** Why a request cannot be served (a SOAP fault with this text). */
export class LabSoapFault extends Error {
  constructor(
    message: string,
    readonly kind: "Client" | "Server" = "Client",
  ) {
    super(message);
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ["item", "Counter", "ServiceStatus"].includes(name),
});

/** Reads the envelope; a missing Body or operation is a Client fault. */
function parseSoapRequest(xml: string): SoapRequest {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    throw new LabSoapFault(`The request is not well-formed XML: ${(error as Error).message.split("\n")[0]}`);
  }
  const env = doc["Envelope"] as Record<string, unknown> | undefined;
  const body = env?.["Body"];
  if (body === undefined || body === null || typeof body !== "object")
    throw new LabSoapFault("The request has no SOAP 1.1 Envelope/Body.");
  const operation = Object.keys(body).find((k) => !k.startsWith("@"));
  if (operation === undefined) throw new LabSoapFault("The SOAP Body is empty.");
  const value = (body as Record<string, unknown>)[operation];
  return { operation, body: value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {} };
}

/** The text of a parsed element (plain or with attributes). */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object" && "#text" in value)
    return String((value as Record<string, unknown>)["#text"]);
  return "";
}

/** One element `ns1:name` with escaped text, or the given inner XML. */
export function el(name: string, value: string | number | boolean | { xml: string }): string {
  const inner = typeof value === "object" ? value.xml : escapeXml(value);
  return `<ns1:${name}>${inner}</ns1:${name}>`;
}

/** A response envelope with `<ns1:operationResponse>` around `inner`. */
export function soapResponse(operation: string, inner: string): string {
  return soapEnvelope(
    `<ns1:${operation}Response xmlns:ns1="http://schemas.cisco.com/ast/soap">${inner}</ns1:${operation}Response>`,
  );
}

const XML_HEADERS = { "content-type": "text/xml; charset=utf-8" };

/** Wraps a SOAP operation dispatcher in auth, method checks and fault rendering. */
export function soapEndpoint(
  title: string,
  credentials: LabCredentials["axl"],
  answer: (req: SoapRequest) => string | Promise<string>,
  admit: () => string | undefined = () => undefined,
): (req: Request) => Promise<Response> {
  return async (req) => {
    if (!checkBasicAuth(req, credentials))
      return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Basic realm="Cisco"' } });
    if (req.method === "GET")
      return new Response(`<html><body><h1>${title}</h1><p>This SOAP endpoint takes POST requests.</p></body></html>`, {
        headers: { "content-type": "text/html" },
      });
    if (req.method !== "POST") return new Response(null, { status: 405, headers: { allow: "GET, POST" } });
    const refused = admit();
    if (refused !== undefined) return new Response(soapFault("Server", refused), { status: 500, headers: XML_HEADERS });
    try {
      const body = await answer(parseSoapRequest(await req.text()));
      return new Response(body, { headers: XML_HEADERS });
    } catch (error) {
      if (error instanceof LabSoapFault)
        return new Response(soapFault(error.kind, error.message), { status: 500, headers: XML_HEADERS });
      throw error;
    }
  };
}

/** Where a node serves these APIs (the paths of the WSDLs' soap:address). */
export const SERVICEABILITY_ROUTES = {
  controlCenter: "/controlcenterservice2/services/ControlCenterServices",
  perfmon: "/perfmonservice2/services/PerfmonService",
} as const;
