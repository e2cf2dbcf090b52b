/**
 * Which files the integrity manifest covers (docs/operations.md, "Integrity"): what the
 * appliance runs (the binary), what decides its behaviour and who may do what (.env, the RBAC
 * profiles, the systemd unit), and the public halves of its trust anchors (the HTTPS and CA
 * certificates, the RSA public key, the SFTP known_hosts pin). Private keys are not listed: a
 * private key that no longer matches its public half is caught when it is loaded, and logs,
 * tokens, vault files and caches change while the server runs.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { resolveFromRoot } from "../config/load.ts";
import type { Config } from "../config/schema.ts";

/** Where systemd units installed by scripts/install.sh live. */
export const SYSTEMD_UNIT_FILE = "/etc/systemd/system/ai-bridge.service";

/** One file of the set: the name shown to people (relative to the root when inside it) and its path. */
export interface CoveredFile {
  name: string;
  path: string;
}

/** What the set depends on beyond the configuration (fixed in production, moved by tests). */
export interface FileSetOptions {
  /** The running binary, or undefined when running from source (no shipped binary to check). */
  binary?: string;
  /** The systemd unit file; listed only when it exists and starts this root. */
  unitFile?: string;
}

/** The compiled binary this process runs from, or undefined when it runs from source under Bun. */
export function runningBinary(): string | undefined {
  // A `bun build --compile` binary serves its own sources from an embedded file system.
  return Bun.main.startsWith("/$bunfs/") || Bun.main.startsWith("B:/~BUN/") ? process.execPath : undefined;
}

/** The files covered right now, in a stable order; optional files are listed only when present. */
export function coveredFiles(config: Config, options: FileSetOptions): CoveredFile[] {
  const root = config.root;
  const at = (path: string) => resolveFromRoot(config, path);
  const secrets = at(config.CRYPTO_SECRETS_DIR);
  const candidates: Array<{ path: string; always?: boolean }> = [];
  if (options.binary !== undefined) candidates.push({ path: options.binary, always: true });
  candidates.push({ path: join(root, ".env"), always: true });
  for (const dir of [join(root, "profiles", "_default"), join(root, "profiles")]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) if (name.endsWith(".json")) candidates.push({ path: join(dir, name) });
  }
  candidates.push({ path: at(config.AUTH_RSA_PUBLIC_KEY_FILE) }, { path: join(secrets, "server.crt") });
  if (config.TLS_CA_SIGNED_CERT_FILE !== "") candidates.push({ path: at(config.TLS_CA_SIGNED_CERT_FILE) });
  candidates.push({ path: join(secrets, "ca.crt") }, { path: at(config.BACKUP_SFTP_KNOWN_HOSTS) });
  if (options.unitFile !== undefined && unitRunsThisRoot(options.unitFile, root)) {
    candidates.push({ path: options.unitFile });
  }
  const seen = new Set<string>();
  const files: CoveredFile[] = [];
  for (const { path, always } of candidates) {
    if (seen.has(path) || (!always && !existsSync(path))) continue;
    seen.add(path);
    files.push({ path, name: displayName(root, path) });
  }
  return files;
}

/** A unit of another installation on the same machine is not this one's business. */
function unitRunsThisRoot(unitFile: string, root: string): boolean {
  try {
    return readFileSync(unitFile, "utf8").includes(`--root ${root} `);
  } catch {
    return false;
  }
}

function displayName(root: string, path: string): string {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
