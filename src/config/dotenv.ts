/**
 * A `.env` reader with python-dotenv's `dotenv_values` semantics, because the configuration
 * reference is written for that parser: `export` prefix, `#` comments, single quotes (only
 * `\\` and `\'` escapes), double quotes (C escapes, multi-line), unquoted values cut at ` #`,
 * a key without `=` (value absent), and `${VAR}` / `${VAR:-default}` interpolation.
 *
 * Unlike python-dotenv, interpolation looks only at keys defined earlier in the same file:
 * the process environment is never read for configuration (see `.env.example`).
 */
import { DOTENV_PATTERNS } from "../util/patterns.ts";

/** One `KEY=value` binding, with the 1-based line it starts on. */
export interface DotenvEntry {
  key: string;
  /** `undefined` for a bare `KEY` line with no `=`. */
  value: string | undefined;
  line: number;
}

/** A line the parser could not read (python-dotenv warns and skips these). */
export interface DotenvProblem {
  line: number;
  text: string;
}

export interface DotenvResult {
  entries: DotenvEntry[];
  problems: DotenvProblem[];
}

const SINGLE_ESCAPES: Record<string, string> = { "\\\\": "\\", "\\'": "'" };
const DOUBLE_ESCAPES: Record<string, string> = {
  "\\\\": "\\",
  "\\'": "'",
  '\\"': '"',
  "\\a": "\x07",
  "\\b": "\b",
  "\\f": "\f",
  "\\n": "\n",
  "\\r": "\r",
  "\\t": "\t",
  "\\v": "\v",
};

/** Parses `.env` text into ordered bindings (later duplicates win when turned into a map). */
export function parseDotenv(text: string): DotenvResult {
  const entries: DotenvEntry[] = [];
  const problems: DotenvProblem[] = [];
  const p = DOTENV_PATTERNS;
  let pos = 0;
  const lineAt = (offset: number): number => {
    let line = 1;
    for (let i = 0; i < offset && i < text.length; i++) if (text[i] === "\n") line++;
    return line;
  };
  const take = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos;
    const match = re.exec(text);
    if (match) pos += match[0].length;
    return match;
  };
  while (pos < text.length) {
    take(p.multilineWhitespace);
    if (pos >= text.length) break;
    const start = pos;
    if (take(p.commentLine)) continue;
    take(p.exportPrefix);
    const key = take(p.singleQuotedKey)?.[1] ?? take(p.unquotedKey)?.[1];
    if (key === undefined) {
      skipBadLine(start);
      continue;
    }
    take(p.inlineWhitespace);
    let value: string | undefined;
    if (take(p.equalSign)) {
      const single = take(p.singleQuotedValue);
      const double = single ? null : take(p.doubleQuotedValue);
      if (single) value = decodeEscapes(single[1]!, p.singleEscapes, SINGLE_ESCAPES);
      else if (double) value = decodeEscapes(double[1]!, p.doubleEscapes, DOUBLE_ESCAPES);
      else {
        const raw = take(p.unquotedValue)?.[1] ?? "";
        value = raw.replace(p.unquotedComment, "").trimEnd();
      }
      if (single || double) take(p.trailingComment);
    }
    if (!take(p.endOfLine)) {
      skipBadLine(start);
      continue;
    }
    entries.push({ key, value, line: lineAt(start) });
  }
  return { entries, problems };

  function skipBadLine(start: number): void {
    pos = start;
    const rest = take(p.restOfLine);
    problems.push({ line: lineAt(start), text: (rest?.[0] ?? "").trimEnd() });
    if (!rest || rest[0].length === 0) pos = text.length;
  }
}

function decodeEscapes(value: string, pattern: RegExp, table: Record<string, string>): string {
  return value.replace(pattern, (seq) => table[seq] ?? seq);
}

/**
 * Resolves `${VAR}` and `${VAR:-default}` in order, each value seeing only the keys bound
 * before it in the same file. Returns the final key → value map (absent values stay undefined).
 */
export function resolveDotenv(entries: readonly DotenvEntry[]): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  for (const entry of entries) {
    if (entry.value === undefined) {
      values.set(entry.key, undefined);
      continue;
    }
    const resolved = entry.value.replace(DOTENV_PATTERNS.interpolation, (_whole, name: string, fallback?: string) => {
      // python-dotenv: the default applies only when the key is unset, not when it is empty.
      const known = values.get(name);
      return known ?? fallback ?? "";
    });
    values.set(entry.key, resolved);
  }
  return values;
}
