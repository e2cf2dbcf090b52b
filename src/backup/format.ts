/**
 * The on-disk format of an encrypted backup (version 1), documented byte by byte in
 * docs/backups.md so an administrator can decrypt one with openssl alone:
 *
 *   offset 0   8 bytes   magic "AIBRBKUP"
 *   offset 8   2 bytes   format version, big-endian (1)
 *   offset 10  2 bytes   length N of the wrapped key, big-endian
 *   offset 12  32 bytes  key id: SHA-256 of the wrapping public key (SPKI DER)
 *   offset 44  12 bytes  AES-GCM IV
 *   offset 56  N bytes   the AES-256 key, RSA-OAEP (SHA-512, MGF1 SHA-512) under the public key
 *   then                 AES-256-GCM ciphertext of an uncompressed tar
 *   last 16 bytes        GCM tag; the header (offsets 0 .. 56+N) is the GCM additional data
 *
 * The sidecar `<archive>.sha512` is one `sha512sum` line over the whole file.
 */
import { constants, createHash, type KeyObject, privateDecrypt, publicEncrypt } from "node:crypto";

const MAGIC = Buffer.from("AIBRBKUP", "ascii");
const FORMAT_VERSION = 1;
const FIXED_HEADER_BYTES = 56;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const KEY_BYTES = 32;
/** File name suffixes: the archive and its integrity sidecar. */
export const ARCHIVE_SUFFIX = ".aibk";
export const SIDECAR_SUFFIX = ".sha512";

/** Raised for any backup that cannot be trusted or read; the message says what and what to do. */
export class BackupError extends Error {
  override readonly name = "BackupError";
}

export interface BackupHeader {
  version: number;
  keyId: string;
  iv: Buffer;
  wrappedKey: Buffer;
  /** The raw header bytes (the GCM additional data). */
  bytes: Buffer;
}

/** The key id of a public key: hex SHA-256 of its SPKI DER encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex");
}

const OAEP = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha512" } as const;

/** Builds the header for a new archive: wraps `key` under `publicKey`. */
export function encodeHeader(publicKey: KeyObject, key: Buffer, iv: Buffer): Buffer {
  const wrapped = publicEncrypt({ key: publicKey, ...OAEP }, key);
  const fixed = Buffer.alloc(FIXED_HEADER_BYTES);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt16BE(FORMAT_VERSION, 8);
  fixed.writeUInt16BE(wrapped.length, 10);
  Buffer.from(keyIdOf(publicKey), "hex").copy(fixed, 12);
  iv.copy(fixed, 44);
  return Buffer.concat([fixed, wrapped]);
}

/** How many bytes the header has, from its first 12 bytes (undefined: not a backup of ours). */
export function headerLength(start: Buffer): number | undefined {
  if (start.length < 12 || !start.subarray(0, 8).equals(MAGIC)) return undefined;
  return FIXED_HEADER_BYTES + start.readUInt16BE(10);
}

/** Parses a complete header; throws BackupError for a foreign file or an unknown version. */
export function decodeHeader(bytes: Buffer, fileName: string): BackupHeader {
  const length = headerLength(bytes);
  if (length === undefined || bytes.length < length)
    throw new BackupError(`${fileName} is not an AI-Bridge backup (no AIBRBKUP header)`);
  const version = bytes.readUInt16BE(8);
  if (version !== FORMAT_VERSION)
    throw new BackupError(
      `${fileName} has backup format version ${version}; this version reads format ${FORMAT_VERSION} only`,
    );
  return {
    version,
    keyId: bytes.subarray(12, 44).toString("hex"),
    iv: Buffer.from(bytes.subarray(44, 56)),
    wrappedKey: Buffer.from(bytes.subarray(FIXED_HEADER_BYTES, length)),
    bytes: Buffer.from(bytes.subarray(0, length)),
  };
}

/** Unwraps the archive key; a damaged wrapped key or a wrong private key is a BackupError. */
export function unwrapKey(header: BackupHeader, privateKey: KeyObject, fileName: string): Buffer {
  let key: Buffer;
  try {
    key = privateDecrypt({ key: privateKey, ...OAEP }, header.wrappedKey);
  } catch {
    throw new BackupError(
      `${fileName}: the wrapped key cannot be unwrapped with the private key of key id ${header.keyId.slice(0, 16)}…; ` +
        "the wrapped key was changed or damaged",
    );
  }
  if (key.length !== KEY_BYTES) throw new BackupError(`${fileName}: the wrapped key has a wrong length`);
  return key;
}

/** The sidecar line, in `sha512sum` format so `sha512sum -c` checks it too. */
export function sidecarLine(sha512Hex: string, archiveName: string): string {
  return `${sha512Hex}  ${archiveName}\n`;
}

/** Reads a sidecar's hash; throws when it is not one `sha512sum` line naming `archiveName`. */
export function parseSidecar(text: string, archiveName: string): string {
  const match = /^([0-9a-f]{128}) [ *](.+)\n?$/.exec(text);
  if (!match || match[2] !== archiveName)
    throw new BackupError(
      `the sidecar ${archiveName}${SIDECAR_SUFFIX} is damaged (expected one sha512sum line naming ${archiveName})`,
    );
  return match[1]!;
}
