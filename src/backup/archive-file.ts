/**
 * Writes one encrypted archive and its sidecar into the backup folder, crash-safe: the archive
 * is written under a hidden temporary name, synced, renamed to its final name, then the
 * sidecar is written atomically. A `kill -9` at any point leaves either a hidden temporary
 * file (ignored by `list`, removed by the next backup) or a final archive without its sidecar
 * (shown by `list` as incomplete, never as valid), never a torn archive under a valid name.
 */
import { createCipheriv, createHash, type KeyObject, randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, renameSync } from "node:fs";
import { open, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import { BACKUP_PATTERNS } from "../util/patterns.ts";
import { ARCHIVE_SUFFIX, encodeHeader, IV_BYTES, KEY_BYTES, keyIdOf, SIDECAR_SUFFIX, sidecarLine } from "./format.ts";
import { packTree, type TreeTarStats } from "./tree-tar.ts";

/** Prefix of every archive name; the rest is the UTC time of the backup. */
export const ARCHIVE_PREFIX = "ai-bridge-backup-";
/** Prefix of the temporary file of a backup being written. */
export const PARTIAL_PREFIX = ".partial-";

export interface ArchiveRequest {
  root: string;
  exclude: readonly string[];
  backupsDir: string;
  publicKey: KeyObject;
  now: Date;
}

export interface WrittenArchive {
  path: string;
  name: string;
  sidecarPath: string;
  bytes: number;
  sha512: string;
  keyId: string;
  createdAt: Date;
  contents: TreeTarStats;
}

/**
 * Oldest first, for archive names: by time stamp, then by the `-N` a second backup within the
 * same second gets. Plain string order puts `…Z-2.aibk` before `…Z.aibk` ('-' sorts before '.'),
 * which would list the newer archive first and let retention remove it before the older one.
 */
export function compareArchiveNames(a: string, b: string): number {
  const key = (name: string) => {
    const m = BACKUP_PATTERNS.archiveName.exec(name);
    return { stamp: m?.[1] ?? name, n: m?.[2] === undefined ? 1 : Number(m[2]) };
  };
  const [ka, kb] = [key(a), key(b)];
  return ka.stamp < kb.stamp ? -1 : ka.stamp > kb.stamp ? 1 : ka.n - kb.n;
}

/** `ai-bridge-backup-20261202T013000Z.aibk` (a `-2`, `-3`… suffix if that second is taken). */
function archiveName(backupsDir: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  for (let n = 1; ; n++) {
    const name = `${ARCHIVE_PREFIX}${stamp}${n === 1 ? "" : `-${n}`}${ARCHIVE_SUFFIX}`;
    if (!existsSync(join(backupsDir, name))) return name;
  }
}

/** Tars, encrypts and stores the tree; resolves once archive and sidecar are durable. */
export async function writeArchive(request: ArchiveRequest): Promise<WrittenArchive> {
  const key = randomBytes(KEY_BYTES);
  const iv = randomBytes(IV_BYTES);
  const header = encodeHeader(request.publicKey, key, iv);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(header);
  const hash = createHash("sha512");
  const temp = join(request.backupsDir, `${PARTIAL_PREFIX}${randomBytes(6).toString("hex")}${ARCHIVE_SUFFIX}`);
  const file = await open(temp, "wx", SECRET_FILE_MODE);
  let bytes = 0;
  const put = async (chunk: Buffer) => {
    if (chunk.length === 0) return;
    hash.update(chunk);
    bytes += chunk.length;
    let offset = 0;
    while (offset < chunk.length) offset += (await file.write(chunk, offset)).bytesWritten;
  };
  const { tar, done } = packTree({ root: request.root, exclude: request.exclude });
  try {
    await put(header);
    for await (const chunk of tar) await put(cipher.update(chunk as Buffer));
    const contents = await done;
    await put(cipher.final());
    await put(cipher.getAuthTag());
    await file.sync();
    await file.close();
    const name = archiveName(request.backupsDir, request.now);
    const path = join(request.backupsDir, name);
    renameSync(temp, path);
    syncDir(request.backupsDir);
    const sha512 = hash.digest("hex");
    const sidecarPath = `${path}${SIDECAR_SUFFIX}`;
    writeFileAtomic(sidecarPath, sidecarLine(sha512, basename(path)), { mode: SECRET_FILE_MODE });
    return {
      path,
      name,
      sidecarPath,
      bytes,
      sha512,
      keyId: keyIdOf(request.publicKey),
      createdAt: request.now,
      contents,
    };
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    await done.catch(() => undefined);
    throw error;
  }
}

function syncDir(dir: string) {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  }
}
