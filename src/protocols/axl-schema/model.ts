/**
 * The in-memory model of an AXL schema (XML Schema 1.0 Part 1, the subset AXLSoap.xsd uses:
 * sequence, choice, element, complexContent/simpleContent extension, attribute, restriction with
 * enumeration/maxLength/pattern, union). Built at run time from the customer's toolkit; never
 * committed or embedded (Cisco marks the XSD confidential).
 */

/** An element particle. */
export interface ElementParticle {
  kind: "element";
  name: string;
  /** Local type name (`XPhone`, `String100`, `string`); absent when the type is inline. */
  type?: string;
  /** Inline anonymous complex type. */
  inline?: ComplexType;
  min: number;
  /** `Infinity` for unbounded. */
  max: number;
  nillable: boolean;
  doc?: string;
}

/** A sequence or choice group. */
export interface GroupParticle {
  kind: "sequence" | "choice";
  min: number;
  max: number;
  children: Particle[];
}

/** Anything a content model holds. */
export type Particle = ElementParticle | GroupParticle;

/** A complex type after flattening extensions (base particles first, XSD 1.0 section 3.4.2). */
export interface ComplexType {
  /** Top-level content model (a sequence wrapping the flattened particles). */
  content: Particle[];
  attributes: { name: string; type: string; required: boolean }[];
  /** simpleContent: the element carries text of this base type. */
  textType?: string;
  /** Unresolved complexContent base, resolved lazily. */
  base?: string;
}

/** A simple type: base plus facets. */
export interface SimpleType {
  base: string;
  enumeration?: string[];
  maxLength?: number;
  pattern?: string;
  /** Member types of a union (local names). */
  union?: string[];
}

/** Everything parsed from one version's files. */
export interface SchemaModel {
  version: string;
  /** Top-level elements: name → type name (or inline type). */
  elements: Map<string, { type?: string; inline?: ComplexType }>;
  complexTypes: Map<string, ComplexType>;
  simpleTypes: Map<string, SimpleType>;
  /** Operation names from the WSDL portType, in file order. */
  operations: string[];
}

/** Strips a namespace prefix: `axlapi:XPhone` → `XPhone`. */
export function localName(qname: string): string {
  const i = qname.indexOf(":");
  return i < 0 ? qname : qname.slice(i + 1);
}
