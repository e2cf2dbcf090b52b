/**
 * The shape of an object in AXL answers, read from the schema: the elements of the R-type (get)
 * or L-type (list) in order, and the defaults the X-type declares. The lab answers every element
 * a real node returns: the ones it stores from the database, the others with the schema's
 * default (or an empty foreign key), so agents meet the same fields as on a real cluster.
 */

import { complexOf } from "./validate.ts";
import type { XsdElement, XsdModel, XsdParticle } from "./xsd-read.ts";

/** One element of an answer's object, with the value the lab gives when it stores none. */
export interface ShapeElement {
  name: string;
  /** Text for an element the lab does not store, or undefined to leave it out. */
  fallback?: string;
}

const shapes = new WeakMap<XsdModel, Map<string, ShapeElement[] | undefined>>();

function elementsOf(p: XsdParticle | undefined, out: XsdElement[] = []): XsdElement[] {
  if (!p || p.kind === "any") return out;
  if (p.kind === "element") out.push(p);
  else for (const item of p.items) elementsOf(item, out);
  return out;
}

function child(model: XsdModel, decl: XsdElement | undefined, name: string): XsdElement | undefined {
  const t = decl ? complexOf(model, decl) : undefined;
  return elementsOf(t?.content).find((e) => e.name === name);
}

/** The elements of `<element>` in a get (`R`) or list (`L`) answer, in schema order. */
export function objectShape(
  model: XsdModel,
  verb: "get" | "list",
  axlName: string,
  element: string,
): ShapeElement[] | undefined {
  const cache = shapes.get(model) ?? new Map<string, ShapeElement[] | undefined>();
  shapes.set(model, cache);
  const key = `${verb}:${axlName}`;
  if (cache.has(key)) return cache.get(key);
  const response = model.elements.get(`${verb}${axlName}Response`);
  const object = child(model, child(model, response, "return"), element);
  const objectType = object ? complexOf(model, object) : undefined;
  const xType = model.complex.get(`X${axlName}`);
  const defaults = new Map(
    elementsOf(xType ? complexOf(model, { type: `X${axlName}` })?.content : undefined).map((e) => [e.name, e.fallback]),
  );
  const shape = objectType
    ? elementsOf(objectType.content).map((e): ShapeElement => {
        const fallback = defaults.get(e.name) ?? (e.type === "XFkType" ? "" : undefined);
        return fallback === undefined ? { name: e.name } : { name: e.name, fallback };
      })
    : undefined;
  cache.set(key, shape);
  return shape;
}
