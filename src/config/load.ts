/**
 * Loads `<root>/.env` once into a frozen, typed `Config`. A bad file produces one report that
 * names every bad key, its line and what is allowed; the caller prints it and exits 1.
 * The process environment is never consulted.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import * as v from "valibot";
import { type DotenvEntry, parseDotenv, resolveDotenv } from "./dotenv.ts";
import { notYetAvailableWarning } from "./not-yet-available.ts";
import { CONFIG_KEYS, CONFIG_SPEC, type Config, type ConfigKey } from "./schema.ts";

/** One problem in the file. */
export interface ConfigIssue {
  key: string;
  /** 1-based line in .env, when the key is written there. */
  line?: number;
  message: string;
  allowed?: string;
}

/**
 * One problem as a line: the key, where it is written (with `where`), the bad value and what is
 * allowed, said once (a message that already lists the allowed values is not followed by them).
 */
export function describeIssue(issue: ConfigIssue, where: boolean): string {
  const at = where ? ` [${issue.line ? `line ${issue.line}` : "default"}]` : "";
  const allowed = issue.allowed && !issue.message.includes(issue.allowed) ? ` (allowed: ${issue.allowed})` : "";
  return `${issue.key}${at}: ${issue.message}${allowed}`;
}

/** Thrown when `.env` does not exist: the user must run setup first. */
export class ConfigMissingError extends Error {
  override readonly name = "ConfigMissingError";
  readonly code = "CONFIG_MISSING";
  constructor(readonly envPath: string) {
    super(`no configuration at ${envPath}: run "ai-bridge setup" first (or "ai-bridge setup --non-interactive")`);
  }
}

/** Thrown when `.env` has bad values; the message is the full multi-line report to print. */
export class ConfigInvalidError extends Error {
  override readonly name = "ConfigInvalidError";
  readonly code = "CONFIG_INVALID";
  constructor(
    readonly envPath: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    const lines = issues.map((issue) => `  ${describeIssue(issue, true)}`);
    const count = `${issues.length} invalid setting${issues.length === 1 ? "" : "s"}`;
    super(`${envPath} has ${count}; the server was not started:\n${lines.join("\n")}`);
  }
  /** The text to show the operator. */
  report(): string {
    return this.message;
  }
}

export interface LoadedConfig {
  config: Config;
  /** Non-fatal remarks (unknown keys, keys of features not built yet) to log once logging is up. */
  warnings: string[];
}

/** The path of the configuration file for a root. */
export function envPathFor(root: string): string {
  return join(root, ".env");
}

/** Reads and validates `<root>/.env`. */
export function loadConfig(root: string): LoadedConfig {
  const envPath = envPathFor(root);
  if (!existsSync(envPath)) throw new ConfigMissingError(envPath);
  return parseConfigText(readFileSync(envPath, "utf8"), root, envPath);
}

/** Validates configuration text (separated from I/O for tests). */
export function parseConfigText(text: string, root: string, envPath = ".env"): LoadedConfig {
  const { entries, problems } = parseDotenv(text);
  const values = resolveDotenv(entries);
  const lineOf = new Map<string, number>();
  for (const entry of entries) lineOf.set(entry.key, entry.line);

  const issues: ConfigIssue[] = problems.map((p) => ({
    key: p.text.slice(0, 40) || "(line)",
    line: p.line,
    message: "cannot be read as KEY=value",
  }));
  const warnings = unknownKeyWarnings(entries);
  const notYet = notYetAvailableWarning(values);
  if (notYet !== undefined) warnings.push(notYet);
  const out: Record<string, unknown> = { root: resolve(root) };

  for (const key of CONFIG_KEYS) {
    const spec = CONFIG_SPEC[key];
    const raw = values.get(key) ?? spec.default;
    const result = v.safeParse(spec.schema as v.GenericSchema<string, unknown>, raw);
    if (result.success) {
      out[key] = result.output;
      continue;
    }
    for (const issue of result.issues) {
      issues.push({
        key,
        line: lineOf.get(key),
        message: `${JSON.stringify(raw)} ${issue.message}`,
        allowed: spec.allowed,
      });
    }
  }
  if (issues.length === 0) issues.push(...crossChecks(out as unknown as Config, lineOf));
  if (issues.length > 0) throw new ConfigInvalidError(envPath, issues);
  return { config: Object.freeze(out) as unknown as Config, warnings };
}

function unknownKeyWarnings(entries: readonly DotenvEntry[]): string[] {
  const known = new Set<string>(CONFIG_KEYS);
  return entries
    .filter((entry) => !known.has(entry.key))
    .map((entry) => `.env line ${entry.line}: unknown key ${entry.key} is ignored`);
}

/** Rules that involve more than one key. */
function crossChecks(config: Config, lineOf: Map<string, number>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const at = (key: ConfigKey) => lineOf.get(key);
  if (config.AUTH_MODE !== "jwt+oauth2") {
    for (const client of config.AUTH_CLIENTS) {
      if (client.mode !== undefined) {
        issues.push({
          key: "AUTH_CLIENTS",
          line: at("AUTH_CLIENTS"),
          message: `client "${client.name}" has a 4th field (auth mode), which is only valid when AUTH_MODE=jwt+oauth2`,
          allowed: "name:subject:profile",
        });
      }
    }
  }
  const certSet = config.TLS_CA_SIGNED_CERT_FILE !== "";
  const keySet = config.TLS_CA_SIGNED_KEY_FILE !== "";
  if (certSet !== keySet) {
    issues.push({
      key: certSet ? "TLS_CA_SIGNED_KEY_FILE" : "TLS_CA_SIGNED_CERT_FILE",
      line: at(certSet ? "TLS_CA_SIGNED_CERT_FILE" : "TLS_CA_SIGNED_KEY_FILE"),
      message: "TLS_CA_SIGNED_CERT_FILE and TLS_CA_SIGNED_KEY_FILE must be set together",
    });
  }
  if (
    config.BACKUP_SFTP_AUTH === "password" &&
    config.BACKUP_SFTP_HOST !== "" &&
    config.BACKUP_SFTP_PASSWORD_ENC === ""
  ) {
    issues.push({
      key: "BACKUP_SFTP_PASSWORD_ENC",
      line: at("BACKUP_SFTP_AUTH"),
      message:
        "is empty while BACKUP_SFTP_AUTH=password and BACKUP_SFTP_HOST is set; create it with `ai-bridge encrypt-sftp-password --write`",
    });
  }
  return issues;
}

/** Resolves a configured path against the project root. */
export function resolveFromRoot(config: Pick<Config, "root">, path: string): string {
  return isAbsolute(path) ? path : resolve(config.root, path);
}
