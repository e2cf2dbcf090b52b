/**
 * Schema-driven list normalisation of AXL answers: XML cannot tell one repeated element from a
 * single one, so after parsing, every element the response type declares with maxOccurs > 1 (or
 * inside a repeating group) becomes an array, even when CUCM returned exactly one (a phone with
 * one line: `lines.line`). Mutates the parsed value in place; types are walked only where the
 * answer has data.
 */
import type { ComplexType, ElementParticle, Particle, SchemaModel } from "./model.ts";
import { complexOf } from "./resolve.ts";

interface Slot {
  el: ElementParticle;
  multiple: boolean;
}

const slotsCache = new WeakMap<ComplexType, Slot[]>();

function slots(t: ComplexType): Slot[] {
  const hit = slotsCache.get(t);
  if (hit) return hit;
  const out: Slot[] = [];
  const visit = (ps: Particle[], multiple: boolean) => {
    for (const p of ps) {
      if (p.kind === "element") out.push({ el: p, multiple: multiple || p.max > 1 });
      else visit(p.children, multiple || p.max > 1);
    }
  };
  visit(t.content, false);
  slotsCache.set(t, out);
  return out;
}

/** Normalises `value` (the parsed `<operation>Response` element) by the schema's response type. */
export function normaliseResponse(model: SchemaModel, operation: string, value: Record<string, unknown>): void {
  const el = model.elements.get(`${operation}Response`);
  const t = el ? complexOf(model, el) : undefined;
  if (t) walk(model, t, value, 0);
}

function walk(model: SchemaModel, t: ComplexType, obj: Record<string, unknown>, depth: number): void {
  if (depth > 40) return;
  for (const { el, multiple } of slots(t)) {
    const v = obj[el.name];
    if (v === undefined) continue;
    const items = Array.isArray(v) ? v : multiple ? [v] : undefined;
    if (items && !Array.isArray(v)) obj[el.name] = items;
    const child = complexOf(model, el);
    if (!child || child.content.length === 0) continue;
    for (const item of items ?? [v]) {
      if (item !== null && typeof item === "object") walk(model, child, item as Record<string, unknown>, depth + 1);
    }
  }
}
