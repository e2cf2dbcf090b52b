/**
 * Decodes the five predefined XML entities and numeric character references (XML 1.0 section 4.6
 * and 4.1). Nothing else: DTD-declared entities never reach here because the guard refuses DTDs,
 * so there is no expansion to bound. Called only on values that contain `&`, which keeps the
 * decode path of large SQL responses free of per-value work.
 */

/** A reference longer than this (`&` to `;`) is not one of ours: decoding stops there. */
const MAX_REF = 12;

/**
 * Replaces `&amp;`-style and `&#NN;`/`&#xNN;` references in `text[from, to)`; unknown names are
 * left as written. Works on a range so the scanner can decode a value in place in the document,
 * and matches names by comparing characters rather than slicing and looking them up (a value of
 * an SQL answer has one `&` in every row of some columns).
 */
export function decodeXmlEntities(text: string, from = 0, to = text.length): string {
  let at = text.indexOf("&", from);
  if (at < 0 || at >= to) return text.slice(from, to);
  let out = "";
  let last = from;
  while (at >= 0 && at < to) {
    const end = semicolon(text, at, to);
    if (end < 0) break;
    const rep = text.charCodeAt(at + 1) === 35 ? numeric(text, at, end) : named(text, at, end);
    if (rep === undefined) {
      at = text.indexOf("&", at + 1);
      continue;
    }
    const next = text.indexOf("&", end + 1);
    // A value with a single reference (the common case) is built as one three-piece string rather
    // than a chain of two: one string cell less per value.
    if (last === from && (next < 0 || next >= to)) return text.slice(from, at) + rep + text.slice(end + 1, to);
    out += text.slice(last, at) + rep;
    last = end + 1;
    at = next;
  }
  return out + text.slice(last, to);
}

/** The `;` ending the reference at `at`, or -1 when there is none within MAX_REF characters. */
function semicolon(text: string, at: number, to: number): number {
  const stop = Math.min(at + MAX_REF, to - 1);
  for (let k = at + 1; k <= stop; k++) if (text.charCodeAt(k) === 59) return k;
  return -1;
}

/** The character of a predefined entity `&name;` spanning `[at, end]`. */
function named(text: string, at: number, end: number): string | undefined {
  switch (end - at) {
    case 3:
      if (text.startsWith("lt", at + 1)) return "<";
      return text.startsWith("gt", at + 1) ? ">" : undefined;
    case 4:
      return text.startsWith("amp", at + 1) ? "&" : undefined;
    case 5:
      if (text.startsWith("quot", at + 1)) return '"';
      return text.startsWith("apos", at + 1) ? "'" : undefined;
    default:
      return undefined;
  }
}

/** The character of `&#NN;` or `&#xNN;` spanning `[at, end]`, if it is a valid code point. */
function numeric(text: string, at: number, end: number): string | undefined {
  const x = text.charCodeAt(at + 2);
  const hex = x === 120 || x === 88;
  const code = Number.parseInt(text.slice(at + (hex ? 3 : 2), end), hex ? 16 : 10);
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}
