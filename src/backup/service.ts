/**
 * One backup of an installation, as every caller needs it (`ai-bridge backup now`, the
 * schedule in `serve`, and any command that wants a backup before a risky change): the tree of
 * the project root minus what must not travel, encrypted for the server's public key, stored
 * with its sidecar, local retention applied, audited.
 *
 * Never in an archive: BACKUP_DIR (archives of archives), the folders in BACKUP_EXCLUDE_DIRS,
 * LOGGING_DIR (logs are appended to while the backup runs, and restoring an old audit log
 * over a newer one would rewrite the audit trail), and the running binary when it lives under
 * the root (it is replaced by an install, not restored).
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { appliancePaths } from "../appliance/paths.ts";
import { resolveFromRoot } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { ensureDir, SECRET_DIR_MODE } from "../fs/atomic.ts";
import type { AuditLog } from "../logging/logger.ts";
import { type WrittenArchive, writeArchive } from "./archive-file.ts";
import { BackupError } from "./format.ts";
import type { KeyringSources } from "./keyring.ts";
import { applyRetention, removeLeftovers } from "./store.ts";

export interface BackupResult extends WrittenArchive {
  /** Archives removed by BACKUP_RETENTION. */
  pruned: string[];
}

export interface CreateBackupOptions {
  config: Config;
  /** Where the `backup.created` / `backup.failed` events go (none: not audited here). */
  audit?: AuditLog;
  /** Why this backup runs, recorded in the audit event (e.g. "manual", "schedule", "upgrade"). */
  reason: string;
  now?: Date;
}

/** What an archive leaves out, as absolute paths. */
function excludedPaths(config: Config): string[] {
  const paths = appliancePaths(config);
  const excluded = config.BACKUP_EXCLUDE_DIRS.map((dir) => resolveFromRoot(config, dir));
  excluded.push(paths.backupsDir, paths.logsDir, process.execPath);
  return excluded.map((p) => p.replace(/[\\/]+$/, ""));
}

/** The keys a backup of this installation is read with (current key, then the keyring). */
export function keyringOf(config: Config): KeyringSources {
  const paths = appliancePaths(config);
  return { currentPrivateKey: paths.rsaPrivateKey, secretsDir: paths.secretsDir };
}

function serverPublicKey(config: Config): KeyObject {
  const path = appliancePaths(config).rsaPublicKey;
  try {
    return createPublicKey(readFileSync(path, "utf8"));
  } catch {
    throw new BackupError(
      `the server public key ${path} is missing or unreadable; start the server once (ai-bridge serve) to create it`,
    );
  }
}

/** Makes one backup now; throws (after auditing `backup.failed`) when it cannot. */
export async function createBackup(options: CreateBackupOptions): Promise<BackupResult> {
  const { config, audit, reason } = options;
  const paths = appliancePaths(config);
  try {
    ensureDir(paths.backupsDir, SECRET_DIR_MODE);
    removeLeftovers(paths.backupsDir);
    const written = await writeArchive({
      root: config.root,
      exclude: excludedPaths(config),
      backupsDir: paths.backupsDir,
      publicKey: serverPublicKey(config),
      now: options.now ?? new Date(),
    });
    const pruned = applyRetention(paths.backupsDir, config.BACKUP_RETENTION);
    audit?.event("backup.created", {
      archive: written.name,
      bytes: written.bytes,
      files: written.contents.files,
      keyId: written.keyId.slice(0, 16),
      reason,
      pruned,
    });
    return { ...written, pruned };
  } catch (error) {
    audit?.event("backup.failed", { reason, error: (error as Error).message });
    throw error;
  }
}
