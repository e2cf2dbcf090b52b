/**
 * Reads an encrypted archive in one streaming pass: hashes every byte for the sidecar check,
 * decrypts the payload, hands the plaintext tar entries to a visitor and checks the GCM tag at
 * the end. Verification is this pass with a visitor that only checks entry names; a restore
 * runs it once to verify, and writes only in a second pass after the first one succeeded.
 */
import { createDecipheriv, createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { extract, type Header } from "tar-stream";
import {
  BackupError,
  type BackupHeader,
  decodeHeader,
  headerLength,
  parseSidecar,
  SIDECAR_SUFFIX,
  TAG_BYTES,
  unwrapKey,
} from "./format.ts";
import { findPrivateKey, type KeyringSources } from "./keyring.ts";

/** Receives each entry once its name passed the safety checks; must consume `body` for files. */
export type EntryVisitor = (entry: SafeEntry, body: AsyncIterable<unknown>) => Promise<void>;

export interface SafeEntry {
  /** Relative path with `/` separators, no trailing slash, never absolute, never `..`. */
  path: string;
  type: "file" | "directory" | "symlink";
  mode: number;
  mtime: Date;
  size: number;
  linkname?: string;
}

export interface ReadSummary {
  name: string;
  keyId: string;
  version: number;
  bytes: number;
  files: number;
  directories: number;
  symlinks: number;
  contentBytes: number;
}

interface Opened {
  path: string;
  name: string;
  size: number;
  header: BackupHeader;
  key: Buffer;
  expectedSha512: string;
}

async function openArchive(path: string, keyring: KeyringSources): Promise<Opened> {
  const name = basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new BackupError(`${path} does not exist or cannot be read`);
  }
  const handle = await open(path, "r");
  let header: BackupHeader;
  try {
    const start = Buffer.alloc(12);
    await handle.read(start, 0, 12, 0);
    const length = headerLength(start);
    if (length === undefined) throw new BackupError(`${name} is not an AI-Bridge backup (no AIBRBKUP header)`);
    if (size < length + TAG_BYTES) throw new BackupError(`${name} is truncated (shorter than its header and tag)`);
    const bytes = Buffer.alloc(length);
    await handle.read(bytes, 0, length, 0);
    header = decodeHeader(bytes, name);
  } finally {
    await handle.close();
  }
  let sidecar: string;
  try {
    sidecar = await readFile(`${path}${SIDECAR_SUFFIX}`, "utf8");
  } catch {
    throw new BackupError(
      `${name} has no sidecar ${name}${SIDECAR_SUFFIX}: its integrity cannot be checked (an interrupted backup?)`,
    );
  }
  const expectedSha512 = parseSidecar(sidecar, name);
  const key = unwrapKey(header, findPrivateKey(keyring, header.keyId, name), name);
  return { path, name, size, header, key, expectedSha512 };
}

/**
 * One pass over the archive. Throws BackupError when the sidecar, the GCM tag or the tar
 * structure is wrong; the integrity failures are reported before any visitor error, since a
 * changed byte makes the plaintext garbage.
 */
export async function readArchive(path: string, keyring: KeyringSources, visit: EntryVisitor): Promise<ReadSummary> {
  const opened = await openArchive(path, keyring);
  const { header, size, name } = opened;
  const hash = createHash("sha512");
  const decipher = createDecipheriv("aes-256-gcm", opened.key, header.iv);
  decipher.setAAD(header.bytes);
  const payloadEnd = size - TAG_BYTES;
  const tag = Buffer.alloc(TAG_BYTES);
  const summary: ReadSummary = {
    name,
    keyId: header.keyId,
    version: header.version,
    bytes: size,
    files: 0,
    directories: 0,
    symlinks: 0,
    contentBytes: 0,
  };
  const tar = startVisiting(visit, summary);
  let offset = 0;
  for await (const raw of createReadStream(path)) {
    const chunk = raw as Buffer;
    hash.update(chunk);
    const from = Math.max(header.bytes.length - offset, 0);
    const to = Math.min(payloadEnd - offset, chunk.length);
    if (to > from) await tar.feed(decipher.update(chunk.subarray(from, to)));
    const tagFrom = Math.max(payloadEnd - offset, 0);
    if (tagFrom < chunk.length) chunk.subarray(tagFrom).copy(tag, offset + tagFrom - payloadEnd);
    offset += chunk.length;
  }
  if (offset !== size) throw new BackupError(`${name} changed size while it was being read`);
  const actual = hash.digest("hex");
  if (actual !== opened.expectedSha512)
    throw new BackupError(
      `${name} does not match its sidecar ${name}${SIDECAR_SUFFIX} (SHA-512 differs): the archive or the sidecar was changed or truncated`,
    );
  decipher.setAuthTag(tag);
  try {
    decipher.final();
  } catch {
    throw new BackupError(`${name} failed the AES-GCM authentication check: its encrypted content was changed`);
  }
  await tar.finish();
  return summary;
}

interface Visiting {
  feed(plain: Buffer): Promise<void>;
  finish(): Promise<void>;
}

function startVisiting(visit: EntryVisitor, summary: ReadSummary): Visiting {
  const parser = extract();
  let failure: Error | undefined;
  const symlinks = new Set<string>();
  parser.on("entry", (headers, body, next) => {
    let entry: SafeEntry;
    try {
      entry = checkEntry(headers, symlinks);
    } catch (error) {
      next(error as Error);
      return;
    }
    if (entry.type === "symlink") symlinks.add(entry.path);
    if (entry.type === "file") {
      summary.files++;
      summary.contentBytes += entry.size;
    } else if (entry.type === "directory") summary.directories++;
    else summary.symlinks++;
    visit(entry, body).then(
      () => next(),
      (error: Error) => next(error),
    );
  });
  const finished = new Promise<void>((resolve) => {
    parser.on("finish", () => resolve());
    parser.on("close", () => resolve());
    parser.on("error", (error: Error) => {
      failure ??= error;
      resolve();
    });
  });
  return {
    async feed(plain) {
      if (failure !== undefined || plain.length === 0) return;
      if (!parser.write(plain))
        await Promise.race([new Promise<void>((r) => parser.once("drain", () => r())), finished]);
    },
    async finish() {
      if (failure === undefined) parser.end(null); // streamx: end(null) ends without a last chunk
      await finished;
      if (failure !== undefined)
        throw failure instanceof BackupError
          ? failure
          : new BackupError(`the archive's content is not a readable tar: ${failure.message}`);
    },
  };
}

/** Refuses anything a restore must not write: absolute paths, `..`, paths through a symlink, odd types. */
function checkEntry(headers: Header, symlinks: ReadonlySet<string>): SafeEntry {
  const raw = headers.name;
  const path = raw.replace(/\/+$/, "");
  const parts = path.split("/");
  if (path === "" || raw.startsWith("/") || parts.some((p: string) => p === ".." || p === "." || p === ""))
    throw new BackupError(`the archive holds an unsafe path ${JSON.stringify(raw)}; nothing was written from it`);
  for (let i = 1; i < parts.length; i++)
    if (symlinks.has(parts.slice(0, i).join("/")))
      throw new BackupError(`the archive holds ${JSON.stringify(raw)} under a symbolic link; refused`);
  const type = headers.type;
  if (type !== "file" && type !== "directory" && type !== "symlink")
    throw new BackupError(`the archive holds ${JSON.stringify(raw)} of type ${type}; only files, folders and links`);
  return {
    path,
    type,
    mode: (headers.mode ?? 0o600) & 0o7777,
    mtime: headers.mtime ?? new Date(0),
    size: headers.size ?? 0,
    linkname: headers.linkname ?? undefined,
  };
}
