/**
 * Validates an AXL request against the version's XSD, as CUCM does before it runs an operation:
 * elements in sequence order, required elements present, no unknown elements or attributes,
 * values within their simple types (enumerations, patterns such as XUUID's braces, lengths).
 * Messages use the wording of the Xerces validator Java SOAP stacks embed ("cvc-…").
 */
import type { XsdComplex, XsdElement, XsdGroup, XsdModel, XsdParticle, XsdSimple } from "./xsd-read.ts";

/** An element of the request in document order. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const XSI_NIL = "nil";

/** The first violation in `node` (the operation element), or undefined when it is valid. */
export function validateRequest(model: XsdModel, node: XmlNode): string | undefined {
  const decl = model.elements.get(node.name);
  if (!decl) return `cvc-elt.1.a: Cannot find the declaration of element '${node.name}'.`;
  return checkElement(model, decl, node);
}

/** The complex type of `decl` with its bases' content and attributes merged in (base first). */
export function complexOf(model: XsdModel, decl: Pick<XsdElement, "type" | "inline">): XsdComplex | undefined {
  const raw = decl.inline?.kind === "complex" ? decl.inline : decl.type ? model.complex.get(decl.type) : undefined;
  return raw ? flatten(model, raw) : undefined;
}

const flat = new WeakMap<XsdComplex, XsdComplex>();

function flatten(model: XsdModel, t: XsdComplex, depth = 0): XsdComplex {
  const hit = flat.get(t);
  if (hit) return hit;
  let out = t;
  const base = t.base ? model.complex.get(t.base) : undefined;
  if (base && depth < 20) {
    const b = flatten(model, base, depth + 1);
    const parts = [b.content, t.content].filter((g): g is XsdGroup => g !== undefined);
    out = {
      kind: "complex",
      attributes: [...b.attributes, ...t.attributes],
      ...(parts.length > 0 ? { content: { kind: "sequence", min: 1, max: 1, items: parts } } : {}),
      ...((t.text ?? b.text) ? { text: t.text ?? b.text } : {}),
      ...(t.open || b.open ? { open: true } : {}),
    };
  }
  flat.set(t, out);
  return out;
}

function checkElement(model: XsdModel, decl: XsdElement, node: XmlNode): string | undefined {
  const nil = node.attrs[XSI_NIL];
  if (nil === "true" || nil === "1") {
    if (!decl.nillable)
      return `cvc-elt.3.1: Attribute 'xsi:nil' must not appear on element '${node.name}', because the nillable property of '${node.name}' is false.`;
    return undefined;
  }
  const t = complexOf(model, decl);
  if (!t) {
    if (node.children.length > 0)
      return `cvc-type.3.1.2: Element '${node.name}' is a simple type, so it must have no element information item [children].`;
    return checkValue(model, decl.inline?.kind === "simple" ? decl.inline : decl.type, node.text, node.name);
  }
  if (t.open || decl.type === "anyType") return undefined;
  for (const [attr, value] of Object.entries(node.attrs)) {
    if (attr === XSI_NIL || attr === "type") continue;
    const a = t.attributes.find((x) => x.name === attr);
    if (!a) return `cvc-complex-type.3.2.2: Attribute '${attr}' is not allowed to appear in element '${node.name}'.`;
    if (value !== "") {
      const bad = checkValue(model, a.type, value, `@${attr}`);
      if (bad) return bad;
    }
  }
  if (t.text !== undefined) {
    if (node.children.length > 0)
      return `cvc-complex-type.2.2: Element '${node.name}' must have no element [children], and the value must be valid.`;
    return checkValue(model, t.text, node.text, node.name);
  }
  if (node.text.trim() !== "" && t.content)
    return `cvc-complex-type.2.3: Element '${node.name}' cannot have character [children], because the type's content type is element-only.`;
  const content = t.content ?? { kind: "sequence", min: 1, max: 1, items: [] };
  const order = matchContent(content, node.children);
  if (order.error) return order.error(node.name);
  for (const child of node.children) {
    const childDecl = findDecl(content, child.name);
    if (!childDecl) continue;
    const bad = checkElement(model, childDecl, child);
    if (bad) return bad;
  }
  return undefined;
}

/** The declaration an element name refers to inside a content model (AXL never reuses a name). */
function findDecl(p: XsdParticle, name: string): XsdElement | undefined {
  if (p.kind === "element") return p.name === name ? p : undefined;
  if (p.kind === "any") return undefined;
  for (const item of p.items) {
    const hit = findDecl(item, name);
    if (hit) return hit;
  }
  return undefined;
}

interface MatchResult {
  error?: (parent: string) => string;
}

/** Position-set matching of child names against the content model (no backtracking blow-up). */
function matchContent(content: XsdGroup, children: XmlNode[]): MatchResult {
  const expected = new Map<number, Set<string>>();
  let furthest = 0;
  const note = (pos: number, name: string): void => {
    const set = expected.get(pos) ?? new Set<string>();
    expected.set(pos, set);
    set.add(name);
  };
  const once = (p: XsdParticle, from: Set<number>): Set<number> => {
    const out = new Set<number>();
    if (p.kind === "element" || p.kind === "any") {
      for (const i of from) {
        const child = children[i];
        if (child && (p.kind === "any" || child.name === p.name)) out.add(i + 1);
        else if (p.kind === "element") note(i, p.name);
      }
    } else if (p.kind === "sequence") {
      let cur = from;
      for (const item of p.items) {
        cur = repeat(item, cur);
        if (cur.size === 0) break;
      }
      for (const i of cur) out.add(i);
    } else {
      for (const item of p.items) for (const i of repeat(item, from)) out.add(i);
    }
    for (const i of out) furthest = Math.max(furthest, i);
    return out;
  };
  const repeat = (p: XsdParticle, from: Set<number>): Set<number> => {
    const result = new Set<number>(p.min === 0 ? from : []);
    let cur = from;
    const seen = new Set(from);
    for (let k = 1; k <= p.max && cur.size > 0; k++) {
      const next = new Set([...once(p, cur)].filter((i) => k <= p.min || !seen.has(i)));
      if (k >= p.min) for (const i of next) result.add(i);
      for (const i of next) seen.add(i);
      if (k > children.length + 1) break;
      cur = next;
    }
    return result;
  };
  const ends = repeat(content, new Set([0]));
  if (ends.has(children.length)) return {};
  const want = [...(expected.get(furthest) ?? [])];
  const one = want.length > 0 ? ` One of '{${want.join(", ")}}' is expected.` : "";
  const child = children[furthest];
  if (child) {
    return {
      error: () =>
        want.length > 0
          ? `cvc-complex-type.2.4.a: Invalid content was found starting with element '${child.name}'.${one}`
          : `cvc-complex-type.2.4.d: Invalid content was found starting with element '${child.name}'. No child element is expected at this point.`,
    };
  }
  return { error: (parent) => `cvc-complex-type.2.4.b: The content of element '${parent}' is not complete.${one}` };
}

const INTEGER = /^[+-]?\d+$/;
const BUILT_IN: Record<string, (v: string) => boolean> = {
  boolean: (v) => ["true", "false", "1", "0"].includes(v),
  int: (v) => INTEGER.test(v) && Math.abs(Number(v)) <= 2 ** 31,
  integer: (v) => INTEGER.test(v),
  long: (v) => INTEGER.test(v),
  short: (v) => INTEGER.test(v),
  unsignedLong: (v) => /^\+?\d+$/.test(v),
  unsignedInt: (v) => /^\+?\d+$/.test(v),
  nonNegativeInteger: (v) => /^\+?\d+$/.test(v),
  positiveInteger: (v) => /^\+?\d+$/.test(v) && Number(v) > 0,
};

/** Checks a text value against a simple type; the message names `where`. */
function checkValue(
  model: XsdModel,
  type: string | XsdSimple | undefined,
  raw: string,
  where: string,
): string | undefined {
  return valid(model, type, raw.trim(), 0)
    ? undefined
    : `cvc-type.3.1.3: The value '${raw}' of element '${where}' is not valid.`;
}

function valid(model: XsdModel, type: string | XsdSimple | undefined, value: string, depth: number): boolean {
  if (depth > 20 || type === undefined) return true;
  const st = typeof type === "string" ? model.simple.get(type) : type;
  if (!st) {
    const check = typeof type === "string" ? BUILT_IN[type] : undefined;
    return check ? check(value) : true;
  }
  if (st.union) return st.union.some((m) => valid(model, m, value, depth + 1));
  if (st.enumeration && !st.enumeration.includes(value)) return false;
  if (st.patterns && !st.patterns.some((p) => p.test(value))) return false;
  if (st.maxLength !== undefined && [...value].length > st.maxLength) return false;
  return valid(model, st.base, value, depth + 1);
}
