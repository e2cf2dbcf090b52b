/**
 * RisPort70 `SelectItems` matching: `*` stands for any run of characters and the comparison
 * ignores case (CUCM Serviceability API guide, "SelectItem" wildcards). Implemented without
 * regular expressions so an item like `**********a` cannot cause backtracking.
 */

/** True when `value` matches `pattern` (`*` wildcard, case-insensitive). */
export function wildcardMatch(pattern: string, value: string): boolean {
  const parts = pattern.toLowerCase().split("*");
  const text = value.toLowerCase();
  if (parts.length === 1) return text === parts[0];
  const first = parts[0] ?? "";
  const last = parts[parts.length - 1] ?? "";
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] ?? "";
    if (part === "") continue;
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}
