/**
 * The lab's small XML toolkit for AXL (SOAP 1.1; AXL Developer Guide "AXL request format"):
 * reading requests with fast-xml-parser (documents with a DTD are refused, so no entity can be
 * declared or expanded) and writing responses as CUCM's Axis2 does: single-quoted declaration,
 * `ns:` prefix on the response element only, unqualified children.
 */
import { XMLParser } from "fast-xml-parser";
import { LAB_XML_PATTERNS } from "../../../util/patterns.ts";

/** SOAP 1.1 envelope namespace. */
export const SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";

/** A request body after parsing: operation local name, its namespace, and its content. */
export interface AxlRequestBody {
  operation: string;
  namespace: string;
  /** The operation element's content (attributes as `@name`, empty elements as ""). */
  value: Record<string, unknown>;
}

/** Raised when the request is not a readable SOAP envelope. */
export class SoapReadError extends Error {
  override readonly name = "SoapReadError";
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  tagValueProcessor: (_n, v) => (v.includes("&#") ? decodeCharRefs(v) : v),
});

/** Parses a SOAP request and returns its Body's first element. */
export function readSoapRequest(xml: string): AxlRequestBody {
  if (xml.includes("<!DOCTYPE") || xml.includes("<!ENTITY") || xml.includes("<!doctype")) {
    throw new SoapReadError("A SOAP message must not contain a Document Type Declaration");
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    throw new SoapReadError(`The request is not well-formed XML: ${error instanceof Error ? error.message : ""}`);
  }
  const scopes: Record<string, unknown>[] = [];
  const envelope = child(doc, "Envelope");
  if (!envelope) throw new SoapReadError("The request has no SOAP Envelope");
  scopes.push(envelope);
  const body = child(envelope, "Body");
  if (!body) throw new SoapReadError("The SOAP Envelope has no Body");
  scopes.push(body);
  const key = Object.keys(body).find((k) => !k.startsWith("@"));
  if (key === undefined) throw new SoapReadError("The SOAP Body is empty");
  const raw = body[key];
  const value = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  scopes.push(value);
  const colon = key.indexOf(":");
  const prefix = colon === -1 ? "" : key.slice(0, colon);
  const attr = prefix === "" ? "@xmlns" : `@xmlns:${prefix}`;
  let namespace = "";
  for (const scope of scopes) if (typeof scope[attr] === "string") namespace = scope[attr] as string;
  return { operation: key.slice(colon + 1), namespace, value: stripPrefixes(value) as Record<string, unknown> };
}

function child(obj: Record<string, unknown>, local: string): Record<string, unknown> | undefined {
  for (const [k, v] of Object.entries(obj)) {
    if ((k === local || k.endsWith(`:${local}`)) && v !== null && typeof v === "object")
      return v as Record<string, unknown>;
  }
  return undefined;
}

function stripPrefixes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPrefixes);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith("@xmlns")) continue;
    const colon = k.indexOf(":");
    out[colon === -1 ? k : k.startsWith("@") ? `@${k.slice(colon + 1)}` : k.slice(colon + 1)] = stripPrefixes(v);
  }
  return out;
}

function decodeCharRefs(text: string): string {
  return text.replace(LAB_XML_PATTERNS.charRef, (_m, ref: string) =>
    String.fromCodePoint(ref.startsWith("x") ? Number.parseInt(ref.slice(1), 16) : Number(ref)),
  );
}

/** Escapes text and attribute values (XML 1.0 §2.4). */
export function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** One element with escaped text, `<tag/>` when empty. */
export function el(tag: string, text: string, attrs = ""): string {
  return text === "" ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${esc(text)}</${tag}>`;
}

/** One element around already-serialised children. */
export function wrap(tag: string, inner: string, attrs = ""): string {
  return inner === "" ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${inner}</${tag}>`;
}

/** The complete success envelope around `<ns:{operation}Response>`. */
export function responseEnvelope(operation: string, namespace: string, inner: string, sequence?: string): string {
  const seq = sequence === undefined ? "" : ` sequence="${esc(sequence)}"`;
  return (
    `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="${SOAP_NS}"><soapenv:Body>` +
    `<ns:${operation}Response xmlns:ns="${namespace}"${seq}>${inner}</ns:${operation}Response>` +
    "</soapenv:Body></soapenv:Envelope>"
  );
}

/** Reads a request value as text ("" for empty, objects with `#text` too). */
export function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object") {
    const t = (value as Record<string, unknown>)["#text"];
    return t === undefined ? "" : String(t);
  }
  return String(value);
}

const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** An element in document order, prefixes stripped (what schema validation needs). */
export interface OrderedNode {
  name: string;
  attrs: Record<string, string>;
  children: OrderedNode[];
  text: string;
}

type Raw = Record<string, unknown>;
const localPart = (name: string): string => name.slice(name.indexOf(":") + 1);

function ordered(entry: Raw): OrderedNode | undefined {
  const key = Object.keys(entry).find((k) => k !== ":@" && k !== "#text");
  if (key === undefined) return undefined;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries((entry[":@"] as Raw | undefined) ?? {})) {
    if (k === "xmlns" || k.startsWith("xmlns:")) continue;
    attrs[localPart(k)] = String(v);
  }
  const node: OrderedNode = { name: localPart(key), attrs, children: [], text: "" };
  for (const item of (entry[key] as Raw[] | undefined) ?? []) {
    if (item["#text"] !== undefined) node.text += String(item["#text"]);
    else {
      const child = ordered(item);
      if (child) node.children.push(child);
    }
  }
  return node;
}

/** The SOAP Body's first element in document order (the request has been read once already). */
export function readOrderedOperation(xml: string): OrderedNode | undefined {
  const doc = orderedParser.parse(xml) as Raw[];
  const envelope = doc.map(ordered).find((n) => n?.name === "Envelope");
  const body = envelope?.children.find((n) => n.name === "Body");
  return body?.children[0];
}

function serialise(node: OrderedNode): string {
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join("");
  if (node.children.length === 0) return el(node.name, node.text, attrs);
  return wrap(node.name, node.children.map(serialise).join(""), attrs);
}

function prune(node: OrderedNode, keep: unknown): OrderedNode {
  if (keep === null || typeof keep !== "object") return node;
  const wanted = Object.keys(keep).filter((k) => !k.startsWith("@") && !k.startsWith("#"));
  if (wanted.length === 0) return node;
  const tree = keep as Record<string, unknown>;
  // A repeated element (`line`) keeps its own sub-selection for every occurrence.
  const children = node.children
    .filter((c) => wanted.includes(c.name))
    .map((c) => prune(c, Array.isArray(tree[c.name]) ? (tree[c.name] as unknown[])[0] : tree[c.name]));
  return { ...node, children };
}

/**
 * Keeps, inside one serialised element, only the descendants `keep` names (the nested part of a
 * `returnedTags`, e.g. `lines/line/dirn/pattern`). An empty selection keeps everything.
 */
export function pruneElement(fragment: string, keep: unknown): string {
  if (keep === null || typeof keep !== "object") return fragment;
  const doc = orderedParser.parse(fragment) as Raw[];
  const node = doc.map(ordered).find((n) => n !== undefined);
  return node ? serialise(prune(node, keep)) : fragment;
}
