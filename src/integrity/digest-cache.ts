/**
 * File digests for the integrity manifest, and the cache that lets a restart skip re-hashing the
 * binary (docs/operations.md, "Integrity"): hashing ≈ 120 MB of binary costs ≈ 0.4 s of CPU at
 * every start, more than the rest of the start together (bench/README.md, B4).
 *
 * The cache holds, per file, its SHA-512 and the identity of the file it was computed from:
 * device, inode, size, and modification and status-change times in nanoseconds. Any write to the
 * file, a rename over it or a copy in its place changes at least one of them (the kernel sets the
 * status-change time itself; only root can set it back, and root could as well re-sign the
 * manifest). The cache is MACed (HMAC-SHA512 under a key derived from the server's RSA private
 * key) and kept owner-only in the secrets folder: a cache that was edited, written with another
 * key, or is readable or writable by anyone but its owner is ignored and the file is hashed.
 */
import { createHash, createHmac, hkdfSync, type KeyObject, timingSafeEqual } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import { canonicalJson } from "./canonical-json.ts";

/** What the manifest records of a file. */
export interface FileDigest {
  sha512: string;
  size: number;
}

/** The identity of a file's current content, as the kernel reports it (nanosecond times). */
interface FileStamp {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
}

interface CacheEntry {
  stamp: FileStamp;
  digest: FileDigest;
}

interface CacheFile {
  format: 1;
  entries: Record<string, CacheEntry>;
  /** HMAC-SHA512 (hex) of `entries` in canonical form. */
  mac: string;
}

/** Read in chunks: the binary is far too large to hold in memory just to hash it. */
const DIGEST_CHUNK = 1024 * 1024;
/** One read buffer for every file (hashing is synchronous): a fresh 1 MB per small file cost ≈ 15 ms per start. */
let chunkBuffer: Buffer | undefined;

/** Hashes a file (SHA-512), reading it in chunks. */
export function digestFile(path: string): FileDigest {
  const hash = createHash("sha512");
  chunkBuffer ??= Buffer.allocUnsafe(DIGEST_CHUNK);
  const chunk = chunkBuffer;
  const fd = openSync(path, "r");
  let size = 0;
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, DIGEST_CHUNK, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
      size += n;
    }
  } finally {
    closeSync(fd);
  }
  return { sha512: hash.digest("hex"), size };
}

/** Digests through the cache: unchanged files are not read again. */
export interface DigestCache {
  /** The file's digest: from the cache when its stamp is unchanged, else hashed (and remembered). */
  digest(path: string): FileDigest;
}

/**
 * File times come from a coarse kernel clock (a few milliseconds per tick): a write in the same
 * tick as the stat the cache recorded would leave the stamp unchanged. So a stamp is recorded only
 * once the file's status-change time is this old; a later write then lands on a later tick.
 */
const SETTLED_MS = 2000;

/** What tests replace: the hashing (to count file reads) and the clock. */
export interface DigestCacheOptions {
  hash?: (path: string) => FileDigest;
  now?: () => number;
}

/** Opens the cache at `file`; the MAC key is derived from the server's RSA private key. */
export function openDigestCache(file: string, privateKey: KeyObject, options: DigestCacheOptions = {}): DigestCache {
  const hash = options.hash ?? digestFile;
  const now = options.now ?? Date.now;
  const macKey = Buffer.from(
    hkdfSync("sha512", privateKey.export({ type: "pkcs8", format: "der" }), "", "ai-bridge integrity digest cache", 64),
  );
  const mac = (entries: Record<string, CacheEntry>) =>
    createHmac("sha512", macKey).update(canonicalJson(entries)).digest();
  const entries = readTrusted(file, mac);
  return {
    digest(path) {
      const before = stampOf(path);
      const cached = entries[path];
      if (cached !== undefined && sameStamp(cached.stamp, before)) return { ...cached.digest };
      const digest = hash(path);
      // A file that changed while it was read is not remembered (the digest may match neither
      // version), nor one changed too recently to tell a next write apart (SETTLED_MS).
      const settled = BigInt(now() - SETTLED_MS) * 1_000_000n > BigInt(before.ctimeNs);
      if (settled && sameStamp(before, stampOf(path))) {
        entries[path] = { stamp: before, digest };
        const out: CacheFile = { format: 1, entries, mac: mac(entries).toString("hex") };
        writeFileAtomic(file, `${JSON.stringify(out, null, 2)}\n`, { mode: SECRET_FILE_MODE });
      }
      return digest;
    },
  };
}

/** The cache's entries, or none when it is missing, unreadable, not owner-only or its MAC does not verify. */
function readTrusted(file: string, mac: (entries: Record<string, CacheEntry>) => Buffer): Record<string, CacheEntry> {
  let text: string;
  try {
    const fd = openSync(file, "r");
    try {
      const info = fstatSync(fd);
      const ownerOnly = (info.mode & 0o077) === 0;
      const ours = process.getuid === undefined || info.uid === process.getuid();
      if (!info.isFile() || !ownerOnly || !ours) return {};
      text = readFileSync(fd, "utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as Partial<CacheFile>;
    if (parsed.format !== 1 || typeof parsed.entries !== "object" || parsed.entries === null) return {};
    const given = Buffer.from(typeof parsed.mac === "string" ? parsed.mac : "", "hex");
    const expected = mac(parsed.entries);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return {};
    return parsed.entries;
  } catch {
    return {};
  }
}

function stampOf(path: string): FileStamp {
  const s = statSync(path, { bigint: true });
  return {
    dev: String(s.dev),
    ino: String(s.ino),
    size: String(s.size),
    mtimeNs: String(s.mtimeNs),
    ctimeNs: String(s.ctimeNs),
  };
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}
