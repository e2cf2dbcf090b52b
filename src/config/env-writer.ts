/**
 * Edits `.env` text without losing anything: a key that is already bound has its line
 * replaced in place (comments and every other line untouched); a new key is appended.
 * Used by `setup` and by the upgrade runner for the PROJECT_* keys.
 */
import { CONFIG_PATTERNS, ENV_WRITER_PATTERNS } from "../util/patterns.ts";

/** Quotes a value so that python-dotenv reads it back unchanged. */
export function formatEnvValue(value: string): string {
  if (ENV_WRITER_PATTERNS.bare.test(value)) return value;
  if (!value.includes("'") && !value.includes("\n")) return `'${value}'`;
  const escaped = value.replace(ENV_WRITER_PATTERNS.needsEscape, (ch) => (ch === "\n" ? "\\n" : `\\${ch}`));
  return `"${escaped}"`;
}

/** Returns `text` with each key of `updates` set; the order of other lines is kept. */
export function updateEnvText(text: string, updates: Readonly<Record<string, string>>): string {
  const lines = text === "" ? [] : text.split("\n");
  const pending = new Map(Object.entries(updates));
  for (let i = 0; i < lines.length; i++) {
    const match = CONFIG_PATTERNS.envAssignment.exec(lines[i]!);
    const key = match?.[1];
    if (key === undefined || !pending.has(key)) continue;
    lines[i] = `${key}=${formatEnvValue(updates[key]!)}`;
    // Later duplicates of the same key are replaced too, so the value written is the one read.
    for (let j = i + 1; j < lines.length; j++) {
      if (CONFIG_PATTERNS.envAssignment.exec(lines[j]!)?.[1] === key)
        lines[j] = `${key}=${formatEnvValue(updates[key]!)}`;
    }
    pending.delete(key);
  }
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  if (pending.size > 0) {
    lines.push("", "# Added by ai-bridge setup");
    for (const [key, value] of pending) lines.push(`${key}=${formatEnvValue(value)}`);
  }
  return `${lines.join("\n")}\n`;
}
