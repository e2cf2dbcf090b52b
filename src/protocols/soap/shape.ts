/**
 * Small helpers that turn parsed XML values into the shapes callers expect: a list whether XML
 * had zero, one or many elements; text whether the element carried attributes or not; `null` for
 * `xsi:nil`. Used by every client's decode module.
 */

/** Zero, one or many elements as an array (`""` and `undefined` mean none). */
export function asList<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null || value === "") return [];
  return Array.isArray(value) ? (value as T[]) : [value as T];
}

/** The text of an element that may carry attributes (`{ "#text", "@uuid" }`) or be nil. */
export function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o["@nil"] === "true" || o["@nil"] === "1") return null;
    const t = o["#text"];
    return t === undefined ? "" : String(t);
  }
  return String(value);
}

/** A child object, or an empty one when the element is empty or absent. */
export function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
