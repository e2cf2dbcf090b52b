/**
 * Type resolution over a SchemaModel: complexContent extensions flattened (base content first,
 * XML Schema 1.0 Part 1 section 3.4.2), simple types followed to their facets, unions merged.
 * Results are memoised per model because the same types (XFkType, String100) recur thousands of
 * times.
 */
import type { ComplexType, ElementParticle, SchemaModel, SimpleType } from "./model.ts";

const flattened = new WeakMap<ComplexType, ComplexType>();

/** The complex type with its base's content and attributes merged in, or undefined for simple types. */
export function complexOf(model: SchemaModel, el: Pick<ElementParticle, "type" | "inline">): ComplexType | undefined {
  const raw = el.inline ?? (el.type ? model.complexTypes.get(el.type) : undefined);
  return raw ? flatten(model, raw, 0) : undefined;
}

function flatten(model: SchemaModel, t: ComplexType, depth: number): ComplexType {
  const hit = flattened.get(t);
  if (hit) return hit;
  let out = t;
  const base = t.base ? model.complexTypes.get(t.base) : undefined;
  if (base && depth < 20) {
    const b = flatten(model, base, depth + 1);
    out = {
      content: [...b.content, ...t.content],
      attributes: [...b.attributes, ...t.attributes],
      ...((t.textType ?? b.textType) ? { textType: t.textType ?? b.textType } : {}),
    };
  }
  flattened.set(t, out);
  return out;
}

/** Facets that matter to a caller: enumeration (only when it is the whole value space) and maxLength. */
export interface SimpleFacets {
  base: string;
  enumeration?: string[];
  maxLength?: number;
}

/** Follows a simple type name to its facets; XSD built-ins come back as themselves. */
export function simpleOf(model: SchemaModel, typeName: string | undefined): SimpleFacets {
  let name = typeName ?? "string";
  const seen = new Set<string>();
  let facets: SimpleFacets = { base: name };
  let st: SimpleType | undefined = model.simpleTypes.get(name);
  while (st && !seen.has(name)) {
    seen.add(name);
    if (st.union) {
      // A union with a non-enumerated member (e.g. XInteger = integer | "") accepts more than its enums.
      const open = st.union.some((m) => !model.simpleTypes.get(m)?.enumeration && m !== "string");
      return { base: st.base, ...(open || !st.enumeration ? {} : { enumeration: st.enumeration }) };
    }
    if (st.enumeration && !facets.enumeration) facets = { ...facets, enumeration: st.enumeration };
    if (st.maxLength !== undefined && facets.maxLength === undefined) facets = { ...facets, maxLength: st.maxLength };
    name = st.base;
    facets.base = name;
    st = model.simpleTypes.get(name);
  }
  return facets;
}
