/**
 * Builds SOAP 1.1 envelopes from JSON (W3C SOAP 1.1 note; Cisco AXL Developer Guide, "AXL request
 * format"). Only the operation element is namespace-qualified, because AXL's XSD declares
 * `elementFormDefault="unqualified"`; RisPort70 (qualified) passes `qualifyChildren`.
 *
 * JSON convention, shared with the parser:
 * - `"@name": value` is an attribute, `"#text"` the text content, `"#cdata"` text sent as CDATA;
 * - an array repeats the element; `null` becomes `xsi:nil="true"`; `undefined` is skipped;
 * - `true`/`false`/numbers are written as text.
 */

/** SOAP 1.1 envelope namespace. */
const SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/";
const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";

/** One operation call to wrap in an envelope. */
export interface EnvelopeSpec {
  /** Namespace of the operation element, e.g. `http://www.cisco.com/AXL/API/15.0`. */
  namespace: string;
  /** Prefix for that namespace (`ns` for AXL, `soap` for RisPort70). */
  prefix: string;
  operation: string;
  /** Children (and `@` attributes) of the operation element. */
  payload: Record<string, unknown>;
  /** Prefix every child element too (RisPort70's `elementFormDefault="qualified"`). */
  qualifyChildren?: boolean;
}

/** Escapes text content and attribute values (XML 1.0 section 2.4). */
export function escapeXml(text: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let rep: string | undefined;
    if (c === 38) rep = "&amp;";
    else if (c === 60) rep = "&lt;";
    else if (c === 62) rep = "&gt;";
    else if (c === 34) rep = "&quot;";
    else if (c === 39) rep = "&apos;";
    if (rep !== undefined) {
      out += text.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Wraps text in CDATA, splitting any `]]>` inside it so the section stays well-formed. */
export function cdata(text: string): string {
  return `<![CDATA[${text.split("]]>").join("]]]]><![CDATA[>")}]]>`;
}

/** Serialises the envelope; the result is a complete SOAP 1.1 document. */
export function buildEnvelope(spec: EnvelopeSpec): string {
  const childPrefix = spec.qualifyChildren ? `${spec.prefix}:` : "";
  const op = `${spec.prefix}:${spec.operation}`;
  const { attrs, inner } = serialiseChildren(spec.payload, childPrefix);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:${spec.prefix}="${escapeXml(spec.namespace)}" xmlns:xsi="${XSI_NS}">` +
    `<soapenv:Header/><soapenv:Body>` +
    (inner === "" ? `<${op}${attrs}/>` : `<${op}${attrs}>${inner}</${op}>`) +
    `</soapenv:Body></soapenv:Envelope>`
  );
}

/** Serialises one element `name` holding `value` (exported for tests and the schema validator). */
function serialiseElement(name: string, value: unknown, prefix = ""): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.map((v) => serialiseElement(name, v, prefix)).join("");
  const tag = prefix + name;
  if (value === null) return `<${tag} xsi:nil="true"/>`;
  if (typeof value === "object") {
    const { attrs, inner } = serialiseChildren(value as Record<string, unknown>, prefix);
    return inner === "" ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${inner}</${tag}>`;
  }
  const text = escapeXml(String(value));
  return text === "" ? `<${tag}/>` : `<${tag}>${text}</${tag}>`;
}

function serialiseChildren(obj: Record<string, unknown>, prefix: string): { attrs: string; inner: string } {
  let attrs = "";
  let inner = "";
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === undefined) continue;
    if (key.startsWith("@")) attrs += ` ${key.slice(1)}="${escapeXml(String(v))}"`;
    else if (key === "#text") inner += escapeXml(String(v));
    else if (key === "#cdata") inner += cdata(String(v));
    else inner += serialiseElement(key, v, prefix);
  }
  return { attrs, inner };
}
