/**
 * What a tool call does, summarised for its `tool.call` audit line: the AXL operation and the
 * object it names, the SQL text, the VOS command, the CUPI method and path, the RIS selection.
 * Summaries keep identifying fields only (names, patterns, ids) and never a payload's other
 * values, so a password in a request body cannot reach audit.log; SQL and commands are capped
 * and have the values after password-like words masked.
 */
import { REDACTED } from "../logging/redact.ts";

/** Longest SQL or command text kept on an audit line. */
export const ACTION_TEXT_CAP = 500;

/** Fields that name the object an AXL request is about, in the order they are preferred. */
const IDENTIFYING = [
  "name",
  "pattern",
  "userid",
  "uuid",
  "dnOrPattern",
  "routePartitionName",
  "devicePoolName",
  "usage",
  "description",
] as const;

/** Masks the value assigned to a password-like word (`password = 'x'`, `pin:1234`), then caps the length. */
export function maskedText(text: string, cap = ACTION_TEXT_CAP): string {
  const masked = text.replace(
    /\b(\w*(?:password|passwd|passphrase|pwd|pin|secret|credentials?))(\s*[=:]\s*)('(?:[^']|'')*'|"[^"]*"|[^\s,)]+)/gi,
    (_m, word: string, sep: string) => `${word}${sep}${REDACTED}`,
  );
  return masked.length > cap ? `${masked.slice(0, cap)}… (${masked.length} chars)` : masked;
}

const short = (value: unknown): string | undefined => {
  if (typeof value === "string") return value.length > 80 ? `${value.slice(0, 80)}…` : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value !== null && typeof value === "object" && "_" in value) return short((value as { _: unknown })._);
  return undefined;
};

/** The identifying fields of an object, one level deep (addLine {line:{pattern}} → pattern). */
function identify(data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (obj: Record<string, unknown>, prefix: string) => {
    for (const key of IDENTIFYING) {
      const value = short(obj[key]);
      if (value !== undefined && Object.keys(out).length < 4) out[`${prefix}${key}`] = value;
    }
  };
  visit(data, "");
  for (const [key, inner] of Object.entries(data)) {
    if (inner !== null && typeof inner === "object" && !Array.isArray(inner))
      visit(inner as Record<string, unknown>, `${key}.`);
  }
  return out;
}

/** The audit summary of an AXL request: operation, SQL text or the object it names. */
export function axlAction(operation: string, data: Record<string, unknown>): Record<string, unknown> {
  const sql = data["sql"];
  if (typeof sql === "string") return { operation, sql: maskedText(sql) };
  const target = identify(data);
  return Object.keys(target).length === 0 ? { operation } : { operation, target };
}

/** The audit summary of a VOS CLI command. */
export function commandAction(command: string): Record<string, unknown> {
  return { command: maskedText(command) };
}
