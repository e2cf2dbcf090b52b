/**
 * Reads Cisco's AXLSoap.xsd into the lab's own model of it (XML Schema 1.0, the part AXL uses:
 * element, sequence, choice, any, complexType with complexContent/simpleContent extension,
 * attribute, simpleType restriction with enumeration/pattern/maxLength, union). The lab keeps its
 * own reader, separate from the bridge's, so a mistake in one is caught by the other. The schema
 * is read from the directory the lab was given at run time and is never part of the product.
 */
import { readFileSync } from "node:fs";
import { LAB_XSD_PATTERNS } from "../../../util/patterns.ts";

/** An element declaration inside a content model. */
export interface XsdElement {
  kind: "element";
  name: string;
  /** Named type (local name), or an inline type. */
  type?: string;
  inline?: XsdComplex | XsdSimple;
  min: number;
  max: number;
  nillable: boolean;
  /** The schema's default value (used for realistic answers). */
  fallback?: string;
}

/** `xsd:any`. */
export interface XsdAny {
  kind: "any";
  min: number;
  max: number;
}

/** A sequence or choice. */
export interface XsdGroup {
  kind: "sequence" | "choice";
  min: number;
  max: number;
  items: XsdParticle[];
}

export type XsdParticle = XsdElement | XsdAny | XsdGroup;

/** A complex type (extensions are resolved when the model is used). */
export interface XsdComplex {
  kind: "complex";
  content?: XsdGroup;
  attributes: Array<{ name: string; type: string }>;
  /** simpleContent: the element's text has this type. */
  text?: string;
  base?: string;
  /** `xsd:anyType`: anything goes. */
  open?: boolean;
}

/** A simple type. */
export interface XsdSimple {
  kind: "simple";
  base: string;
  enumeration?: string[];
  patterns?: RegExp[];
  maxLength?: number;
  union?: Array<string | XsdSimple>;
}

/** One version's schema. */
export interface XsdModel {
  elements: Map<string, XsdElement>;
  complex: Map<string, XsdComplex>;
  simple: Map<string, XsdSimple>;
}

interface Node {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
}

const cache = new Map<string, XsdModel>();

/** Reads (once per process) the schema file at `path`. */
export function readXsd(path: string): XsdModel {
  const hit = cache.get(path);
  if (hit) return hit;
  const model = buildModel(parseTree(readFileSync(path, "utf8")));
  cache.set(path, model);
  return model;
}

/** A light tokenizer: only `xsd:` tags matter; comments and CDATA are dropped first. */
function parseTree(text: string): Node {
  const clean = text.replace(LAB_XSD_PATTERNS.comment, "").replace(LAB_XSD_PATTERNS.cdata, "");
  const root: Node = { tag: "#root", attrs: {}, children: [] };
  const stack: Node[] = [root];
  for (const m of clean.matchAll(LAB_XSD_PATTERNS.tag)) {
    const [, closing, tag = "", rest = "", selfClosing] = m;
    if (closing) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rest.matchAll(LAB_XSD_PATTERNS.attribute)) attrs[a[1] ?? ""] = decode(a[2] ?? "");
    const node: Node = { tag, attrs, children: [] };
    stack.at(-1)?.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  return root;
}

function decode(value: string): string {
  return value
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'")
    .replaceAll("&amp;", "&");
}

const local = (qname: string | undefined): string | undefined => qname?.slice(qname.indexOf(":") + 1);
const occurs = (value: string | undefined, fallback: number): number =>
  value === undefined ? fallback : value === "unbounded" ? Number.POSITIVE_INFINITY : Number(value);

function buildModel(root: Node): XsdModel {
  const model: XsdModel = { elements: new Map(), complex: new Map(), simple: new Map() };
  const schema = root.children.find((n) => n.tag === "schema");
  for (const node of schema?.children ?? []) {
    const name = node.attrs["name"];
    if (!name) continue;
    if (node.tag === "element") model.elements.set(name, element(node));
    else if (node.tag === "complexType") model.complex.set(name, complex(node));
    else if (node.tag === "simpleType") model.simple.set(name, simple(node));
  }
  return model;
}

function element(node: Node): XsdElement {
  const inlineNode = node.children.find((c) => c.tag === "complexType" || c.tag === "simpleType");
  const type = local(node.attrs["type"]);
  return {
    kind: "element",
    name: node.attrs["name"] ?? "",
    ...(type ? { type } : {}),
    ...(inlineNode ? { inline: inlineNode.tag === "complexType" ? complex(inlineNode) : simple(inlineNode) } : {}),
    min: occurs(node.attrs["minOccurs"], 1),
    max: occurs(node.attrs["maxOccurs"], 1),
    nillable: node.attrs["nillable"] === "true",
    ...(node.attrs["default"] !== undefined ? { fallback: node.attrs["default"] } : {}),
  };
}

function group(node: Node): XsdGroup {
  const items: XsdParticle[] = [];
  for (const c of node.children) {
    if (c.tag === "element") items.push(element(c));
    else if (c.tag === "sequence" || c.tag === "choice") items.push(group(c));
    else if (c.tag === "any")
      items.push({ kind: "any", min: occurs(c.attrs["minOccurs"], 1), max: occurs(c.attrs["maxOccurs"], 1) });
  }
  return {
    kind: node.tag === "choice" ? "choice" : "sequence",
    min: occurs(node.attrs["minOccurs"], 1),
    max: occurs(node.attrs["maxOccurs"], 1),
    items,
  };
}

function complex(node: Node): XsdComplex {
  const out: XsdComplex = { kind: "complex", attributes: [] };
  const take = (n: Node): void => {
    for (const c of n.children) {
      if (c.tag === "sequence" || c.tag === "choice") out.content = group(c);
      else if (c.tag === "attribute")
        out.attributes.push({ name: c.attrs["name"] ?? "", type: local(c.attrs["type"]) ?? "string" });
      else if (c.tag === "complexContent") {
        const ext = c.children.find((x) => x.tag === "extension" || x.tag === "restriction");
        if (ext) {
          const base = local(ext.attrs["base"]);
          if (base && base !== "anyType") out.base = base;
          if (base === "anyType") out.open = true;
          take(ext);
        }
      } else if (c.tag === "simpleContent") {
        const ext = c.children.find((x) => x.tag === "extension" || x.tag === "restriction");
        if (ext) {
          out.text = local(ext.attrs["base"]) ?? "string";
          take(ext);
        }
      }
    }
  };
  take(node);
  return out;
}

function simple(node: Node): XsdSimple {
  const restriction = node.children.find((c) => c.tag === "restriction");
  const union = node.children.find((c) => c.tag === "union");
  if (union) {
    const members: Array<string | XsdSimple> = (union.attrs["memberTypes"] ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((m) => local(m) ?? m);
    for (const c of union.children) if (c.tag === "simpleType") members.push(simple(c));
    return { kind: "simple", base: "union", union: members };
  }
  const out: XsdSimple = { kind: "simple", base: local(restriction?.attrs["base"]) ?? "string" };
  for (const f of restriction?.children ?? []) {
    const value = f.attrs["value"] ?? "";
    if (f.tag === "enumeration") out.enumeration = [...(out.enumeration ?? []), value];
    else if (f.tag === "pattern") out.patterns = [...(out.patterns ?? []), new RegExp(`^(?:${value})$`, "u")];
    else if (f.tag === "maxLength") out.maxLength = Number(value);
  }
  return out;
}
