/**
 * The redaction layer: every log record passes through `redactRecord` before it is written,
 * so no password, token, client secret or key reaches app.log or audit.log, whatever a
 * caller puts in a log call. Keys that look secret are masked; string values that look like
 * JWTs, bearer headers or PEM blocks are masked wherever they appear.
 */
import { REDACT_PATTERNS } from "../util/patterns.ts";

export const REDACTED = "[REDACTED]";

/** Returns a copy of `value` with secrets masked (depth-limited; cycles cut). */
export function redactRecord(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (depth > 8 || seen.has(value)) return "[…]";
  seen.add(value);
  if (value instanceof Error) {
    return { type: value.name, message: redactString(value.message), code: (value as { code?: unknown }).code };
  }
  if (Array.isArray(value)) return value.map((item) => redactRecord(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      isSecretKey(key) && inner !== undefined && inner !== null && inner !== ""
        ? REDACTED
        : redactRecord(inner, depth + 1, seen);
  }
  return out;
}

/** True for a field name that holds a secret (password, token, secret, authorization, …). */
function isSecretKey(key: string): boolean {
  return REDACT_PATTERNS.secretKey.test(key) && !REDACT_PATTERNS.allowedKey.test(key);
}

/** Masks secret-looking substrings of free text. */
export function redactString(text: string): string {
  return text
    .replace(REDACT_PATTERNS.pemBlock, REDACTED)
    .replace(REDACT_PATTERNS.jwt, REDACTED)
    .replace(REDACT_PATTERNS.authHeader, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(REDACT_PATTERNS.secretAssignment, (_m, name: string) => `${name}=${REDACTED}`);
}
