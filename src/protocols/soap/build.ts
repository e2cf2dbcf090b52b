/**
 * Builds SOAP 1.1 envelopes from JSON (W3C SOAP 1.1 note; Cisco AXL Developer Guide, "AXL request
 * format"). Only the operation element is namespace-qualified, because AXL's XSD declares
 * `elementFormDefault="unqualified"`; RisPort70 (qualified) passes `qualifyChildren`.
 *
 * JSON convention, shared with the parser:
 * - `"@name": value` is an attribute, `"#text"` the text content, `"#cdata"` text sent as CDATA;
 * - an array repeats the element; `null` becomes `xsi:nil="true"`; `undefined` is skipped;
 * - `true`/`false`/numbers are written as text.
 *
 * Names come from the caller's JSON, so every element and attribute name must be an XML NCName and
 * no `xmlns` attribute is accepted: otherwise a key such as `x><ns:removePhone` would put a second
 * operation in the Body. Values are always escaped, including the line ends an XML parser would
 * otherwise normalise. Anything the envelope cannot carry is refused (INVALID_REQUEST, which the
 * tool layer reports as a ValidationError naming the key), never cleaned.
 */
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";
import { ProtocolError } from "../errors.ts";

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

/** Deepest nesting of the payload; AXL's deepest request types are far shallower. */
const MAX_DEPTH = 64;

/** Escapes text content (XML 1.0 sections 2.4 and 2.11: a raw CR would reach the server as LF). */
export function escapeXml(text: string): string {
  return escapeWith(text, false);
}

/** Escapes an attribute value (section 3.3.3: raw tab, LF and CR would reach the server as spaces). */
function escapeAttribute(text: string): string {
  return escapeWith(text, true);
}

function escapeWith(text: string, attribute: boolean): string {
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
    else if (c === 13) rep = "&#13;";
    else if (attribute && c === 10) rep = "&#10;";
    else if (attribute && c === 9) rep = "&#9;";
    if (rep !== undefined) {
      out += text.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Wraps text in CDATA, splitting any `]]>` inside it so the section stays well-formed, and writing
 * each CR as a character reference between sections (inside CDATA a parser would turn it into LF).
 */
export function cdata(text: string): string {
  return `<![CDATA[${text.split("]]>").join("]]]]><![CDATA[>").split("\r").join("]]>&#13;<![CDATA[")}]]>`;
}

/** Serialises the envelope; the result is a complete SOAP 1.1 document. Throws INVALID_REQUEST on bad names or values. */
export function buildEnvelope(spec: EnvelopeSpec): string {
  checkName(spec.operation, "operation", "operation name");
  checkName(spec.prefix, "prefix", "namespace prefix");
  const childPrefix = spec.qualifyChildren ? `${spec.prefix}:` : "";
  const op = `${spec.prefix}:${spec.operation}`;
  const { attrs, inner } = serialiseChildren(spec.payload, childPrefix, "data", 1);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:${spec.prefix}="${escapeAttribute(spec.namespace)}" xmlns:xsi="${XSI_NS}">` +
    `<soapenv:Header/><soapenv:Body>` +
    (inner === "" ? `<${op}${attrs}/>` : `<${op}${attrs}>${inner}</${op}>`) +
    `</soapenv:Body></soapenv:Envelope>`
  );
}

function refuse(path: string, message: string): ProtocolError {
  return new ProtocolError(
    "INVALID_REQUEST",
    `${path}: ${message}`,
    "Element and attribute names must be XML names (letters, digits, '_', '-', '.'; no ':', spaces or markup); fix that key.",
    { issues: [`${path}: ${message}`] },
  );
}

function checkName(name: string, path: string, what: string): void {
  if (!PROTOCOL_PATTERNS.xmlNcName.test(name))
    throw refuse(path, `${what} ${JSON.stringify(name)} is not an XML name (NCName)`);
}

function scalarText(value: unknown, path: string): string {
  if (value !== null && typeof value === "object") throw refuse(path, "must be a string, number or boolean");
  const text = String(value);
  const bad = PROTOCOL_PATTERNS.xmlForbiddenChar.exec(text);
  if (bad !== null) {
    const code = bad[0].codePointAt(0) ?? 0;
    throw refuse(path, `contains U+${code.toString(16).toUpperCase().padStart(4, "0")}, which XML cannot carry`);
  }
  return text;
}

/** Serialises one element `name` holding `value`. */
function serialiseElement(name: string, value: unknown, prefix: string, path: string, depth: number): string {
  if (value === undefined) return "";
  if (Array.isArray(value))
    return value.map((v, i) => serialiseElement(name, v, prefix, `${path}[${i}]`, depth)).join("");
  const tag = prefix + name;
  if (value === null) return `<${tag} xsi:nil="true"/>`;
  if (typeof value === "object") {
    const { attrs, inner } = serialiseChildren(value as Record<string, unknown>, prefix, path, depth + 1);
    return inner === "" ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${inner}</${tag}>`;
  }
  const text = escapeXml(scalarText(value, path));
  return text === "" ? `<${tag}/>` : `<${tag}>${text}</${tag}>`;
}

function serialiseChildren(
  obj: Record<string, unknown>,
  prefix: string,
  path: string,
  depth: number,
): { attrs: string; inner: string } {
  if (depth > MAX_DEPTH) throw refuse(path, `nests deeper than ${MAX_DEPTH} levels`);
  let attrs = "";
  let inner = "";
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === undefined) continue;
    const at = `${path}.${key}`;
    if (key.startsWith("@")) {
      const name = key.slice(1);
      checkName(name, at, "attribute name");
      // A namespace declaration from input could rebind the operation's prefix.
      if (name === "xmlns") throw refuse(at, "namespace declarations (xmlns) cannot come from input");
      attrs += ` ${name}="${escapeAttribute(scalarText(v, at))}"`;
    } else if (key === "#text") inner += escapeXml(scalarText(v, at));
    else if (key === "#cdata") inner += cdata(scalarText(v, at));
    else {
      checkName(key, at, "element name");
      inner += serialiseElement(key, v, prefix, at, depth);
    }
  }
  return { attrs, inner };
}
