/**
 * Atomic file writes: every state file the appliance writes goes through here, so a crash
 * (even `kill -9`) leaves either the old or the new content on disk, never a torn file.
 * Method: write a sibling temp file, fsync it, rename over the target, fsync the directory.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Mode for secrets (keys, tokens, vault files, .env). */
export const SECRET_FILE_MODE = 0o600;
/** Mode for ordinary state files. */
export const PUBLIC_FILE_MODE = 0o644;
/** Mode for directories that hold secrets. */
export const SECRET_DIR_MODE = 0o700;

export interface AtomicWriteOptions {
  /** File mode of the new file; defaults to 0600 because most state here is sensitive. */
  mode?: number;
}

/** Writes `data` to `path` atomically (temp + fsync + rename + directory fsync). */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const mode = options.mode ?? SECRET_FILE_MODE;
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(temp, "wx", mode);
  try {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(dir);
}

/** Creates a directory (and parents) with the given mode if it does not exist. */
export function ensureDir(path: string, mode = 0o755): void {
  mkdirSync(path, { recursive: true, mode });
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
