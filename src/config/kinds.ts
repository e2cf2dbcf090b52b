/**
 * The kinds of value a configuration key can hold. Each helper pairs the default (as written
 * in `.env`) with the valibot schema that turns the raw string into a typed value, so one
 * declaration per key drives validation, the typed `Config`, the setup wizard and the
 * `.env.example` drift test.
 */
import * as v from "valibot";
import { CONFIG_PATTERNS } from "../util/patterns.ts";
import { type ClientEntry, parseClients } from "./clients.ts";
import { parseRedirectPattern, REDIRECT_PATTERN_SYNTAX } from "./redirect-pattern.ts";

/** A raw `.env` string in, a typed value out. */
export type RawSchema<T> = v.GenericSchema<string, T>;

export interface KeySpec<T = unknown> {
  /** The default as it is written in `.env` (and in `.env.example`). */
  default: string;
  schema: RawSchema<T>;
  /** What is allowed, for the error report. */
  allowed: string;
  /** Set by {@link notYetAvailable}: the key is accepted, but no feature reads it yet. */
  notYetAvailable?: true;
}

/**
 * Marks a key of the configuration reference whose feature is not built yet. The key is still
 * validated (so a `.env` written for a later version loads), and a start with it set to a
 * non-default value logs one warning naming it. Remove the mark in the change that builds it.
 */
export function notYetAvailable<T>(keySpec: KeySpec<T>): KeySpec<T> {
  return { ...keySpec, notYetAvailable: true };
}

const TRUE_WORDS = ["1", "true", "True", "yes"];
const FALSE_WORDS = ["0", "false", "False", "no"];

function spec<T>(def: string, allowed: string, schema: RawSchema<T>): KeySpec<T> {
  return { default: def, schema, allowed };
}

/** Free text; empty only when `allowEmpty`. */
export function text(def: string, allowEmpty = false): KeySpec<string> {
  const base = v.pipe(v.string(), v.trim());
  return spec(
    def,
    allowEmpty ? "any text" : "non-empty text",
    allowEmpty ? base : v.pipe(base, v.minLength(1, "must not be empty")),
  );
}

/** A whole number between `min` and `max`. */
export function int(def: string, min: number, max: number): KeySpec<number> {
  return spec(
    def,
    `a whole number from ${min} to ${max}`,
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(CONFIG_PATTERNS.integer, "must be a whole number"),
      v.transform(Number),
      v.minValue(min, `must be at least ${min}`),
      v.maxValue(max, `must be at most ${max}`),
    ),
  );
}

/** A TCP port. */
export function port(def: string): KeySpec<number> {
  return int(def, 1, 65535);
}

/** A boolean written as 1/0/true/false/True/False/yes/no. */
export function bool(def: string): KeySpec<boolean> {
  return spec(
    def,
    "1/0/true/false/True/False/yes/no",
    v.pipe(
      v.string(),
      v.trim(),
      v.picklist([...TRUE_WORDS, ...FALSE_WORDS], "must be 1/0/true/false/True/False/yes/no"),
      v.transform((word) => TRUE_WORDS.includes(word)),
    ),
  );
}

/** One of a fixed set of words. */
export function oneOf<const T extends string>(def: T, values: readonly T[]): KeySpec<T> {
  return spec(
    def,
    `one of ${values.join(" / ")}`,
    v.pipe(v.string(), v.trim(), v.picklist(values, `must be one of ${values.join(" / ")}`)),
  );
}

/** A file or directory path, relative to the project root unless absolute. */
export function path(def: string, allowEmpty = false): KeySpec<string> {
  const base = v.pipe(
    v.string(),
    v.trim(),
    v.check((p) => !p.includes("\0"), "must not contain NUL"),
  );
  return spec(
    def,
    allowEmpty ? "a path (or empty)" : "a path",
    allowEmpty ? base : v.pipe(base, v.minLength(1, "must not be empty")),
  );
}

/** A comma-separated list (blank items dropped). */
export function list(def: string): KeySpec<string[]> {
  return spec(
    def,
    "a comma-separated list",
    v.pipe(
      v.string(),
      v.transform((raw) =>
        raw
          .split(",")
          .map((item) => item.trim())
          .filter((item) => item.length > 0),
      ),
    ),
  );
}

/** An absolute http(s) URL. */
export function url(def: string): KeySpec<string> {
  return spec(
    def,
    "an https:// URL",
    v.pipe(
      v.string(),
      v.trim(),
      v.url("must be a URL such as https://mcp.example.com:8443"),
      v.check((u) => u.startsWith("https://") || u.startsWith("http://"), "must start with https://"),
      v.transform((u) => u.replace(CONFIG_PATTERNS.trailingSlashes, "")),
    ),
  );
}

/** A URL path such as `/mcp`. */
export function urlPath(def: string): KeySpec<string> {
  return spec(
    def,
    "a path starting with /",
    v.pipe(v.string(), v.trim(), v.regex(CONFIG_PATTERNS.urlPath, "must be a path such as /mcp")),
  );
}

/** `AUTH_CLIENTS`: `name:subject:profile[:mode]`, comma-separated (cross-checks in load.ts). */
export function clients(def: string): KeySpec<ClientEntry[]> {
  return spec(
    def,
    "name:subject:profile[:auth_mode], comma-separated",
    v.pipe(
      v.string(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const result = parseClients(dataset.value);
        if (result.ok) return result.clients;
        for (const message of result.errors) addIssue({ message });
        return NEVER;
      }),
    ),
  );
}

/** `AUTH_OAUTH_REDIRECT_URIS`: a JSON object `{"client": ["uri", ...]}` (empty = no allowlist). */
export function redirectUris(def: string): KeySpec<Record<string, string[]>> {
  return spec(
    def,
    'a JSON object such as {"alice": ["http://127.0.0.1:*/callback"]}',
    v.pipe(
      v.string(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const raw = dataset.value.trim();
        if (raw === "") return {};
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          addIssue({ message: "is not valid JSON" });
          return NEVER;
        }
        const shape = v.safeParse(v.record(v.string(), v.array(v.pipe(v.string(), v.minLength(1)))), parsed);
        if (!shape.success) {
          addIssue({ message: "must map each client name to a list of redirect URIs" });
          return NEVER;
        }
        const bad = Object.values(shape.output)
          .flat()
          .filter((entry) => parseRedirectPattern(entry) === undefined);
        if (bad.length > 0) {
          addIssue({
            message: `${bad.map((b) => JSON.stringify(b)).join(", ")}: each entry must be ${REDIRECT_PATTERN_SYNTAX}`,
          });
          return NEVER;
        }
        return shape.output;
      }),
    ),
  );
}

/** `REPORT_CHARTS_COLORS`: `STATUS=#RRGGBB` pairs for PASS, WARN, FAIL, INFO, N/A. */
export function colors(def: string): KeySpec<Record<string, string>> {
  const statuses = ["PASS", "WARN", "FAIL", "INFO", "N/A"];
  return spec(
    def,
    "STATUS=#RRGGBB pairs for PASS, WARN, FAIL, INFO and N/A",
    v.pipe(
      v.string(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const out: Record<string, string> = {};
        for (const pair of dataset.value.split(",")) {
          const [name, color] = pair.split("=").map((part) => part.trim());
          if (!name || !color || !statuses.includes(name) || !CONFIG_PATTERNS.hexColor.test(color)) {
            addIssue({ message: `"${pair.trim()}" is not STATUS=#RRGGBB with STATUS one of ${statuses.join(", ")}` });
            return NEVER;
          }
          out[name] = color;
        }
        for (const name of statuses) if (!out[name]) addIssue({ message: `has no colour for ${name}` });
        return out;
      }),
    ),
  );
}

export type { ClientEntry };
