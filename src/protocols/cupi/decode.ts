/**
 * CUPI JSON quirks (Unity Connection Provisioning Interface): a
 * collection is `{"@total":"2","User":[…]}`, but a single match comes back as an object, not an
 * array, and none as `{"@total":"0"}`; every scalar is a string. Error bodies come as JSON
 * (`{"errors":{"code","message"}}` or `errors.error[]`) or XML `ErrorDetails`. Pure functions.
 */
import { XMLParser } from "fast-xml-parser";
import { asList } from "../soap/shape.ts";
import { assertSafeXml } from "../soap/xml-guard.ts";

/** A normalised collection page. */
export interface CupiPage {
  total: number;
  /** The collection key (`User`, `Callhandler`, …), when the page had items. */
  key?: string;
  items: Record<string, unknown>[];
}

/** Reads a collection answer; the items are always a list. */
export function decodeCollection(json: unknown, key?: string): CupiPage {
  const obj = json !== null && typeof json === "object" ? (json as Record<string, unknown>) : {};
  const total = Number(obj["@total"] ?? obj["total"] ?? 0);
  const found = key ?? Object.keys(obj).find((k) => !k.startsWith("@") && k !== "total" && typeof obj[k] === "object");
  const items = found ? asList<Record<string, unknown>>(obj[found]) : [];
  return { total: Number.isFinite(total) ? total : items.length, ...(found ? { key: found } : {}), items };
}

const xml = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
});

/** The best human message in an error body (JSON or XML), or the raw text shortened. */
export function errorMessage(text: string, contentType: string): string {
  try {
    if (contentType.includes("json")) {
      const e = (JSON.parse(text) as { errors?: unknown }).errors;
      const first = asList<Record<string, unknown>>(
        e && typeof e === "object" && "error" in (e as object) ? (e as { error: unknown }).error : e,
      )[0];
      if (first?.["message"]) return `${String(first["message"])}${first["code"] ? ` (${String(first["code"])})` : ""}`;
    } else if (contentType.includes("xml")) {
      assertSafeXml(text, 1_000_000, "cuc");
      const doc = xml.parse(text) as { ErrorDetails?: { errors?: unknown } };
      const first = asList<Record<string, unknown>>(doc.ErrorDetails?.errors)[0];
      if (first?.["message"]) return `${String(first["message"])}${first["code"] ? ` (${String(first["code"])})` : ""}`;
    }
  } catch {
    // fall through to the raw text
  }
  const flat = text.trim().slice(0, 300);
  return flat === "" ? "no details" : flat;
}
