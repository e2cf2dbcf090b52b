/**
 * XML text escaping for the lab's hand-built SOAP and CUPI documents (XML 1.0 §2.4, §3.3.3):
 * the five predefined entities, and removal of characters XML 1.0 forbids.
 */

/** Escapes text for element content or a double-quoted attribute value. */
export function escapeXml(value: string | number | boolean): string {
  const text = String(value);
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 38) out += "&amp;";
    else if (ch === 60) out += "&lt;";
    else if (ch === 62) out += "&gt;";
    else if (ch === 34) out += "&quot;";
    else if (ch === 39) out += "&apos;";
    else if (ch < 32 && ch !== 9 && ch !== 10 && ch !== 13) continue;
    else out += text[i];
  }
  return out;
}
