/**
 * Operation descriptions for agents: the fields of an AXL request with required flags, list
 * flags, enums, choices and nesting (what zeep users otherwise learn from
 * "ValidationError: Missing element …").
 */
import type { ElementParticle, Particle, SchemaModel } from "./model.ts";
import { complexOf, simpleOf } from "./resolve.ts";

/** One field of a request. */
export interface FieldInfo {
  name: string;
  type: string;
  required: boolean;
  /** maxOccurs > 1: send an array. */
  multiple: boolean;
  nillable: boolean;
  /** Alternatives when the field is part of a choice ("exactly one of"). */
  oneOf?: string[];
  enum?: string[];
  /** Number of enum values when the list was shortened. */
  enumCount?: number;
  maxLength?: number;
  attributes?: string[];
  doc?: string;
  children?: FieldInfo[];
  /** Children exist below the requested depth. */
  more?: boolean;
}

/** A described operation. */
export interface OperationInfo {
  operation: string;
  requestType: string;
  version: string;
  attributes: string[];
  fields: FieldInfo[];
}

const ENUM_LIMIT = 60;

/** Describes `operation`'s request down to `depth` levels; undefined when the schema lacks it. */
export function describeOperation(model: SchemaModel, operation: string, depth = 3): OperationInfo | undefined {
  const el = model.elements.get(operation);
  if (!el) return undefined;
  const t = complexOf(model, el);
  return {
    operation,
    requestType: el.type ?? "(inline)",
    version: model.version,
    attributes: t?.attributes.map((a) => a.name) ?? [],
    fields: t ? fields(model, t.content, depth, true, undefined, true) : [],
  };
}

/**
 * `top` marks a type's own content: AXL wraps whole types in `<xsd:sequence minOccurs="0">`, which
 * means "the element may be empty", not "every child is optional once it is given".
 */
function fields(
  model: SchemaModel,
  particles: Particle[],
  depth: number,
  required: boolean,
  oneOf?: string[],
  top = false,
): FieldInfo[] {
  const out: FieldInfo[] = [];
  for (const p of particles) {
    if (p.kind === "element") {
      out.push(field(model, p, depth, required && p.min >= 1 && !oneOf, oneOf));
    } else if (p.kind === "choice") {
      const names = p.children.flatMap(elementNames);
      out.push(...fields(model, p.children, depth, required && p.min >= 1, names));
    } else {
      out.push(...fields(model, p.children, depth, required && (top || p.min >= 1), oneOf));
    }
  }
  return out;
}

function field(model: SchemaModel, p: ElementParticle, depth: number, required: boolean, oneOf?: string[]): FieldInfo {
  const t = complexOf(model, p);
  const info: FieldInfo = {
    name: p.name,
    type: p.type ?? "(inline)",
    required,
    multiple: p.max > 1,
    nillable: p.nillable,
  };
  if (oneOf) info.oneOf = oneOf;
  if (p.doc) info.doc = p.doc.length > 300 ? `${p.doc.slice(0, 297)}...` : p.doc;
  if (t && t.content.length > 0) {
    if (depth > 1) info.children = fields(model, t.content, depth - 1, true, undefined, true);
    else info.more = true;
  }
  if (t?.attributes.length) info.attributes = t.attributes.map((a) => a.name);
  const simple = t ? (t.textType ? simpleOf(model, t.textType) : undefined) : simpleOf(model, p.type);
  if (simple?.enumeration) {
    info.enum = simple.enumeration.slice(0, ENUM_LIMIT);
    if (simple.enumeration.length > ENUM_LIMIT) info.enumCount = simple.enumeration.length;
  }
  if (simple?.maxLength !== undefined) info.maxLength = simple.maxLength;
  return info;
}

/** Element names reachable at the top of a particle (for choices of sequences). */
export function elementNames(p: Particle): string[] {
  return p.kind === "element" ? [p.name] : p.children.flatMap(elementNames);
}
