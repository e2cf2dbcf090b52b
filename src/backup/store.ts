/**
 * The local backup folder: which archives it holds, which are complete, and retention.
 * `list` trusts only an archive under its final name with a sidecar and a readable header;
 * hidden temporary files of an interrupted backup are never listed.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { ARCHIVE_PREFIX, compareArchiveNames, PARTIAL_PREFIX } from "./archive-file.ts";
import { ARCHIVE_SUFFIX, headerLength, SIDECAR_SUFFIX } from "./format.ts";

export interface StoredBackup {
  name: string;
  path: string;
  bytes: number;
  modifiedAt: Date;
  /** Final name, readable header and a sidecar: what a finished backup leaves. */
  complete: boolean;
  /** Why it is not complete. */
  problem?: string;
}

/** Archives in `dir`, oldest first (by the time in their names). */
export function listBackups(dir: string): StoredBackup[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(ARCHIVE_PREFIX) && name.endsWith(ARCHIVE_SUFFIX))
    .sort(compareArchiveNames)
    .map((name) => describe(dir, name));
}

function describe(dir: string, name: string): StoredBackup {
  const path = join(dir, name);
  const info = statSync(path);
  const base = { name, path, bytes: info.size, modifiedAt: info.mtime };
  if (!existsSync(`${path}${SIDECAR_SUFFIX}`))
    return { ...base, complete: false, problem: "no sidecar (interrupted backup)" };
  const start = Buffer.alloc(12);
  const fd = openSync(path, "r");
  try {
    readSync(fd, start, 0, 12, 0);
  } finally {
    closeSync(fd);
  }
  const length = headerLength(start);
  if (length === undefined) return { ...base, complete: false, problem: "no AIBRBKUP header" };
  if (info.size < length + 16) return { ...base, complete: false, problem: "truncated" };
  return { ...base, complete: true };
}

/** Removes what an interrupted backup left: hidden temporary archives and archives without sidecar. */
export function removeLeftovers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith(PARTIAL_PREFIX) && name.endsWith(ARCHIVE_SUFFIX)) {
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    }
  }
  for (const backup of listBackups(dir))
    if (!backup.complete) {
      rmSync(backup.path, { force: true });
      removed.push(backup.name);
    }
  return removed;
}

/** Keeps the newest `keep` complete archives; returns the names removed. */
export function applyRetention(dir: string, keep: number): string[] {
  const complete = listBackups(dir).filter((b) => b.complete);
  const doomed = complete.slice(0, Math.max(complete.length - keep, 0));
  for (const backup of doomed) {
    rmSync(backup.path, { force: true });
    rmSync(`${backup.path}${SIDECAR_SUFFIX}`, { force: true });
  }
  return doomed.map((b) => b.name);
}
