/**
 * Decodes the five predefined XML entities and numeric character references (XML 1.0 section 4.6
 * and 4.1). Nothing else: DTD-declared entities never reach here because the guard refuses DTDs,
 * so there is no expansion to bound. Called only on values that contain `&`, which keeps the
 * decode path of large SQL responses free of per-value work.
 */

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Replaces `&amp;`-style and `&#NN;`/`&#xNN;` references; unknown names are left as written. */
export function decodeXmlEntities(text: string): string {
  let at = text.indexOf("&");
  if (at < 0) return text;
  let out = "";
  let last = 0;
  while (at >= 0) {
    const end = text.indexOf(";", at);
    if (end < 0 || end - at > 12) break;
    const name = text.slice(at + 1, end);
    let rep: string | undefined;
    if (name.charCodeAt(0) === 35) {
      const hex = name.charCodeAt(1) === 120 || name.charCodeAt(1) === 88;
      const code = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
      if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff) rep = String.fromCodePoint(code);
    } else {
      rep = NAMED[name];
    }
    if (rep !== undefined) {
      out += text.slice(last, at) + rep;
      last = end + 1;
    }
    at = text.indexOf("&", rep === undefined ? at + 1 : end + 1);
  }
  return out + text.slice(last);
}
