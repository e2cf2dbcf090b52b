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
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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

const LOCK_FILE = ".backup.lock";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One backup at a time per folder (the schedule of `serve` and a manual `backup now` may meet):
 * the lock file holds the writer's pid; a lock left by a process that is gone (`kill -9`) is taken
 * over, so the leftovers of an interrupted backup are removed only when no backup is running.
 */
function lockBackups(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(path, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder))
        throw new BackupError(`another backup is running (pid ${holder}); try again when it has finished`);
      rmSync(path, { force: true });
    }
  }
  throw new BackupError(`cannot take the backup lock ${path}`);
}

/** Makes one backup now; throws (after auditing `backup.failed`) when it cannot. */
export async function createBackup(options: CreateBackupOptions): Promise<BackupResult> {
  const { config, audit, reason } = options;
  const paths = appliancePaths(config);
  try {
    ensureDir(paths.backupsDir, SECRET_DIR_MODE);
    const unlock = lockBackups(paths.backupsDir);
    let written: WrittenArchive;
    let pruned: string[];
    try {
      removeLeftovers(paths.backupsDir);
      written = await writeArchive({
        root: config.root,
        exclude: excludedPaths(config),
        backupsDir: paths.backupsDir,
        publicKey: serverPublicKey(config),
        now: options.now ?? new Date(),
      });
      pruned = applyRetention(paths.backupsDir, config.BACKUP_RETENTION);
    } finally {
      unlock();
    }
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
