/**
 * CUPI response bodies (Cisco CUPI API guide; the client quirks src/protocols/cupi/decode.ts handles):
 * XML by default (`<Users total="2"><User>…</User></Users>`), JSON when the client asks for
 * `application/json` (`{"@total":"2","User":[…]}`), where a list of exactly one item carries
 * the item as an object, not an array, and an empty list is just `{"@total":"0"}`. Errors are
 * `ErrorDetails/errors{code,message}` in either format.
 */
import { escapeXml } from "../ris/xml-text.ts";
import type { CupiRecord } from "./data.ts";

/** The response format a request asked for. */
export type CupiFormat = "json" | "xml";

/** JSON when the Accept header names application/json, XML otherwise (CUPI's default). */
export function formatOf(req: Request): CupiFormat {
  return (req.headers.get("accept") ?? "").toLowerCase().includes("application/json") ? "json" : "xml";
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

function recordXml(tag: string, record: CupiRecord): string {
  const fields = Object.entries(record)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join("");
  return `<${tag}>${fields}</${tag}>`;
}

function reply(body: string, format: CupiFormat, status = 200): Response {
  const type = format === "json" ? "application/json" : "application/xml";
  return new Response(body, { status, headers: { "content-type": `${type};charset=UTF-8` } });
}

/** A collection page: `listTag` is the XML wrapper (`Users`), `itemTag` the item (`User`). */
export function renderList(
  format: CupiFormat,
  listTag: string,
  itemTag: string,
  total: number,
  items: CupiRecord[],
): Response {
  if (format === "json") {
    const body: Record<string, unknown> = { "@total": String(total) };
    if (items.length === 1) body[itemTag] = items[0];
    else if (items.length > 1) body[itemTag] = items;
    return reply(JSON.stringify(body), format);
  }
  return reply(
    `${XML_DECL}<${listTag} total="${total}">${items.map((i) => recordXml(itemTag, i)).join("")}</${listTag}>`,
    format,
  );
}

/** One object. */
export function renderOne(format: CupiFormat, itemTag: string, record: CupiRecord): Response {
  return format === "json"
    ? reply(JSON.stringify(record), format)
    : reply(`${XML_DECL}${recordXml(itemTag, record)}`, format);
}

/** A CUPI error (400, 404, 405, 415 …). */
export function renderError(format: CupiFormat, status: number, code: string, message: string): Response {
  const body =
    format === "json"
      ? JSON.stringify({ errors: { code, message } })
      : `${XML_DECL}<ErrorDetails><errors><code>${escapeXml(code)}</code><message>${escapeXml(message)}</message></errors></ErrorDetails>`;
  return reply(body, format, status);
}
