/**
 * The last line of defence of the support bundle: every secret this installation actually
 * holds (client tokens and one-time OAuth secrets, the encrypted SFTP password, private keys,
 * vault key material) is read from disk and any occurrence of it in the bundle is replaced,
 * on top of the pattern-based masking (JWTs, PEM blocks, `password=` assignments) every text
 * goes through.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { AppliancePaths } from "../appliance/paths.ts";
import type { Config } from "../config/schema.ts";
import { REDACTED, redactString } from "../logging/redact.ts";
import { SUPPORT_BUNDLE_PATTERNS } from "../util/patterns.ts";

/** Shortest value worth scrubbing: shorter ones would mask ordinary words. */
const MIN_SECRET_LENGTH = 8;

/** Reads the secrets present on disk (never written anywhere; used only to scrub). */
export function knownSecrets(config: Config, paths: AppliancePaths, secretValues: readonly string[]): string[] {
  const found = new Set<string>(secretValues);
  const addFile = (path: string) => {
    try {
      if (!existsSync(path) || statSync(path).size > 1_000_000) return;
      const text = readFileSync(path, "utf8");
      found.add(text.trim());
      // PEM bodies: each base64 line, so a partial copy is caught too.
      for (const line of text.split("\n")) if (line.length >= 40 && !line.startsWith("-----")) found.add(line.trim());
    } catch {
      // unreadable to this account: it cannot leak from here either
    }
  };
  if (existsSync(paths.clientsDir)) {
    for (const client of readdirSync(paths.clientsDir)) {
      const dir = join(paths.clientsDir, client, "secrets");
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) if (name.startsWith(".")) addFile(join(dir, name));
    }
  }
  addFile(paths.rsaPrivateKey);
  addFile(paths.tlsKey);
  if (existsSync(paths.secretsDir)) {
    for (const name of readdirSync(paths.secretsDir)) {
      if (SUPPORT_BUNDLE_PATTERNS.secretFile.test(name) && !name.endsWith(".crt") && !name.includes("public")) {
        addFile(join(paths.secretsDir, name));
      }
    }
  }
  if (config.BACKUP_SFTP_PASSWORD_ENC !== "") found.add(config.BACKUP_SFTP_PASSWORD_ENC);
  return [...found].filter((value) => value.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** Masks every known secret and every secret-looking pattern in `text`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return redactString(out);
}
