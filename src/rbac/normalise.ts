/**
 * Input normalisation before any RBAC match (docs/profiles.md, "Matching rules"): NFKC first, so
 * full-width and compatibility look-alikes become what they look like; then control characters,
 * command chaining, non-ASCII leftovers (Cyrillic look-alikes), `..` segments and encoded
 * tricks are refused outright instead of being "cleaned", because a cleaned attack is still an
 * attack. Each function returns the normalised value or a reason to deny.
 */
import { RBAC_PATTERNS as P } from "../util/patterns.ts";

export type Normalised = { ok: true; value: string } | { ok: false; reason: string };

const deny = (reason: string): Normalised => ({ ok: false, reason });

function common(input: string, what: string): Normalised {
  const value = input.normalize("NFKC");
  if (P.control.test(value)) return deny(`${what} contains a control or invisible character`);
  if (!P.printableAscii.test(value)) return deny(`${what} contains non-ASCII characters`);
  return { ok: true, value };
}

/** An AXL operation name: an ASCII identifier, compared case-sensitively afterwards. */
export function normaliseAxlOperation(input: string): Normalised {
  const base = common(input, "operation");
  if (!base.ok) return base;
  if (!P.axlOperation.test(base.value)) return deny("operation is not an AXL operation name");
  return base;
}

/** A VOS CLI command: no chaining or redirection, whitespace collapsed, trimmed. */
export function normaliseSshCommand(input: string): Normalised {
  const base = common(input, "command");
  if (!base.ok) return base;
  if (P.chaining.test(base.value)) return deny("command chaining, substitution or redirection is not allowed");
  const value = base.value.replace(P.spaces, " ").trim();
  if (value === "") return deny("command is empty");
  return { ok: true, value };
}

/** A CUPI method + path: uppercase method, absolute path, one percent-decoding, no `..`, `//`, query or fragment. */
export function normaliseCupiRequest(method: string, path: string): Normalised {
  if (!P.httpMethod.test(method)) return deny("method must be GET, POST, PUT or DELETE (uppercase)");
  const base = common(path, "path");
  if (!base.ok) return base;
  if (P.encodedTrick.test(base.value)) return deny("path contains an encoded dot, slash, backslash or percent sign");
  let decoded: string;
  try {
    decoded = decodeURIComponent(base.value);
  } catch {
    return deny("path has a malformed percent-encoding");
  }
  const again = common(decoded, "path");
  if (!again.ok) return again;
  const p = again.value;
  if (!p.startsWith("/")) return deny("path must start with /");
  if (p.includes("?") || p.includes("#")) return deny("pass query parameters separately, not in the path");
  if (p.includes("\\")) return deny("path contains a backslash");
  if (p.includes("//")) return deny("path contains an empty segment (//)");
  if (p.split("/").some((s) => s === ".." || s === ".")) return deny("path contains a . or .. segment");
  return { ok: true, value: `${method} ${p}` };
}
