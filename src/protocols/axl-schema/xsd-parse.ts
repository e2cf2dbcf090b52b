/**
 * Parses AXLSoap.xsd / AXLEnums.xsd / AXLAPI.wsdl text into a SchemaModel (XML Schema 1.0 Part 1;
 * WSDL 1.1 section 2.4 portType). The 3.7 MB XSD parses in a few hundred milliseconds with
 * fast-xml-parser in order-preserving mode (element order inside sequences matters); callers cache
 * the result (catalogue-cache.ts).
 */
import { XMLParser } from "fast-xml-parser";
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";
import { assertSafeXml } from "../soap/xml-guard.ts";
import { type ComplexType, localName, type Particle, type SchemaModel, type SimpleType } from "./model.ts";

type Node = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  ignoreDeclaration: true,
});

const MAX_SCHEMA_BYTES = 64 * 1024 * 1024;

/** The tag name of an order-preserved node (its one non-`:@` key). */
function tagOf(n: Node): string {
  for (const k in n) if (k !== ":@") return k;
  return "";
}
function kids(n: Node): Node[] {
  return (n[tagOf(n)] as Node[] | undefined) ?? [];
}
function attrs(n: Node): Record<string, string> {
  return (n[":@"] as Record<string, string> | undefined) ?? {};
}
function occurs(v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  return v === "unbounded" ? Number.POSITIVE_INFINITY : Number(v);
}

function docOf(n: Node): string | undefined {
  for (const a of kids(n)) {
    if (tagOf(a) !== "annotation") continue;
    for (const d of kids(a))
      if (tagOf(d) === "documentation") {
        const t = kids(d)
          .map((x) => String(x["#text"] ?? ""))
          .join("")
          .trim();
        if (t) return t;
      }
  }
  return undefined;
}

function particle(n: Node): Particle | undefined {
  const tag = tagOf(n);
  const a = attrs(n);
  if (tag === "element") {
    const inlineNode = kids(n).find((k) => tagOf(k) === "complexType");
    const doc = docOf(n);
    return {
      kind: "element",
      name: a["name"] ?? localName(a["ref"] ?? ""),
      ...(a["type"] ? { type: localName(a["type"]) } : {}),
      ...(inlineNode ? { inline: complexType(inlineNode) } : {}),
      ...(!a["type"] && !inlineNode ? { type: inlineSimpleBase(n) } : {}),
      min: occurs(a["minOccurs"], 1),
      max: occurs(a["maxOccurs"], 1),
      nillable: a["nillable"] === "true",
      ...(doc ? { doc } : {}),
    };
  }
  if (tag === "sequence" || tag === "choice") {
    return {
      kind: tag,
      min: occurs(a["minOccurs"], 1),
      max: occurs(a["maxOccurs"], 1),
      children: kids(n)
        .map(particle)
        .filter((p): p is Particle => p !== undefined),
    };
  }
  return undefined;
}

function inlineSimpleBase(n: Node): string {
  const st = kids(n).find((k) => tagOf(k) === "simpleType");
  const r = st ? kids(st).find((k) => tagOf(k) === "restriction") : undefined;
  return r ? localName(attrs(r)["base"] ?? "string") : "string";
}

function complexType(n: Node): ComplexType {
  const out: ComplexType = { content: [], attributes: [] };
  const collect = (parent: Node) => {
    for (const k of kids(parent)) {
      const tag = tagOf(k);
      if (tag === "sequence" || tag === "choice") out.content.push(particle(k)!);
      else if (tag === "attribute") {
        const a = attrs(k);
        out.attributes.push({
          name: a["name"] ?? "",
          type: localName(a["type"] ?? "string"),
          required: a["use"] === "required",
        });
      } else if (tag === "complexContent" || tag === "simpleContent") {
        for (const ext of kids(k)) {
          const base = localName(attrs(ext)["base"] ?? "");
          if (tag === "simpleContent") out.textType = base;
          else if (base) out.base = base;
          collect(ext);
        }
      }
    }
  };
  collect(n);
  return out;
}

function simpleType(n: Node): SimpleType {
  const out: SimpleType = { base: "string" };
  for (const k of kids(n)) {
    const tag = tagOf(k);
    if (tag === "restriction") {
      out.base = localName(attrs(k)["base"] ?? "string");
      for (const f of kids(k)) {
        const ft = tagOf(f);
        const v = attrs(f)["value"] ?? "";
        if (ft === "enumeration") out.enumeration = [...(out.enumeration ?? []), v];
        else if (ft === "maxLength") out.maxLength = Number(v);
        else if (ft === "pattern") out.pattern = v;
      }
    } else if (tag === "union") {
      const members = (attrs(k)["memberTypes"] ?? "")
        .split(PROTOCOL_PATTERNS.whitespaceRun)
        .filter(Boolean)
        .map(localName);
      for (const inner of kids(k))
        if (tagOf(inner) === "simpleType") {
          const st = simpleType(inner);
          if (st.enumeration) out.enumeration = [...(out.enumeration ?? []), ...st.enumeration];
          members.push(st.base);
        }
      out.union = members;
    }
  }
  return out;
}

/** Adds the definitions of one XSD text to `model` (first definition of a name wins). */
function addXsd(model: SchemaModel, text: string): void {
  assertSafeXml(text, MAX_SCHEMA_BYTES, "schema");
  const doc = parser.parse(text) as Node[];
  const schema = doc.find((n) => tagOf(n) === "schema");
  if (!schema) throw new Error("not an XML Schema document");
  for (const n of kids(schema)) {
    const tag = tagOf(n);
    const name = attrs(n)["name"];
    if (!name) continue;
    if (tag === "complexType" && !model.complexTypes.has(name)) model.complexTypes.set(name, complexType(n));
    else if (tag === "simpleType" && !model.simpleTypes.has(name)) model.simpleTypes.set(name, simpleType(n));
    else if (tag === "element" && !model.elements.has(name)) {
      const a = attrs(n);
      const inline = kids(n).find((k) => tagOf(k) === "complexType");
      model.elements.set(
        name,
        a["type"] ? { type: localName(a["type"]) } : inline ? { inline: complexType(inline) } : {},
      );
    }
  }
}

/** Reads the operation names of the WSDL's portType (WSDL 1.1 section 2.4). */
function wsdlOperations(text: string): string[] {
  assertSafeXml(text, MAX_SCHEMA_BYTES, "wsdl");
  const doc = parser.parse(text) as Node[];
  const defs = doc.find((n) => tagOf(n) === "definitions");
  const port = defs ? kids(defs).find((n) => tagOf(n) === "portType") : undefined;
  if (!port) throw new Error("the WSDL has no portType");
  return kids(port)
    .filter((n) => tagOf(n) === "operation")
    .map((n) => attrs(n)["name"] ?? "")
    .filter(Boolean);
}

/** Builds a model from the three toolkit files' text. */
export function parseSchemaFiles(
  version: string,
  files: { wsdl: string; soapXsd: string; enumsXsd?: string },
): SchemaModel {
  const model: SchemaModel = {
    version,
    elements: new Map(),
    complexTypes: new Map(),
    simpleTypes: new Map(),
    operations: [],
  };
  addXsd(model, files.soapXsd);
  if (files.enumsXsd) addXsd(model, files.enumsXsd);
  model.operations = wsdlOperations(files.wsdl);
  return model;
}
