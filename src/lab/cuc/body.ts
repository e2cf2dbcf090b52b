/**
 * Reads a CUPI POST/PUT body into flat string fields: JSON (`Content-Type: application/json`)
 * or XML (`application/xml`, CUPI's default), e.g. `{"Alias":"jdoe","DtmfAccessId":"1234"}` or
 * `<User><Alias>jdoe</Alias></User>`. Nested values are ignored: CUPI's writable fields are flat.
 */
import { XMLParser } from "fast-xml-parser";
import type { CupiRecord } from "./data.ts";

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** Parsed fields, or a message for a 400 / 415. */
export type BodyResult = { ok: true; fields: CupiRecord } | { ok: false; status: 400 | 415; message: string };

function flatten(source: Record<string, unknown>): CupiRecord {
  const out: CupiRecord = {};
  for (const [k, v] of Object.entries(source)) {
    if (v === null || v === undefined) out[k] = "";
    else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = String(v);
  }
  return out;
}

/** Parses the request body according to its Content-Type. */
export async function readCupiBody(req: Request): Promise<BodyResult> {
  const type = (req.headers.get("content-type") ?? "application/xml").toLowerCase();
  const text = await req.text();
  if (text.trim() === "") return { ok: false, status: 400, message: "the request body is empty" };
  if (type.includes("json")) {
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return { ok: false, status: 400, message: "the JSON body must be one object of fields" };
      }
      return { ok: true, fields: flatten(value as Record<string, unknown>) };
    } catch {
      return { ok: false, status: 400, message: "the body is not valid JSON" };
    }
  }
  if (type.includes("xml")) {
    try {
      const doc = parser.parse(text, true) as Record<string, unknown>;
      const root = Object.entries(doc).find(([k]) => k !== "?xml")?.[1];
      if (root === null || typeof root !== "object")
        return { ok: false, status: 400, message: "the XML body has no fields" };
      return { ok: true, fields: flatten(root as Record<string, unknown>) };
    } catch {
      return { ok: false, status: 400, message: "the body is not well-formed XML" };
    }
  }
  return {
    ok: false,
    status: 415,
    message: `Content-Type ${type} is not supported; send application/json or application/xml`,
  };
}
