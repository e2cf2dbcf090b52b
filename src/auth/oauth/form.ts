/**
 * Reads an application/x-www-form-urlencoded body (OAuth endpoints, RFC 6749 §3.2) into
 * single string values; a parameter sent twice makes the request invalid (RFC 6749 §3.1).
 */
import type { Context } from "hono";
import type { AppEnv } from "../../http/app.ts";

/** Largest form accepted, in bytes. */
const MAX_FORM_BYTES = 16_384;

/** The form fields, or undefined when the body is not a valid form. */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, string> | undefined> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return undefined;
  const text = await c.req.text();
  if (text.length > MAX_FORM_BYTES) return undefined;
  const params = new URLSearchParams(text);
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    if (Object.hasOwn(out, key)) return undefined;
    out[key] = value;
  }
  return out;
}
