/**
 * Encryption of one vault file: AES-256-GCM (NIST SP 800-38D) under a key derived with
 * HKDF-SHA512 (RFC 5869) from the server's master secret (secrets/vault.key, master-key.ts),
 * the client's secrets/.uuid and a random per-file salt. The AAD binds client, product, kind
 * and host, so a file copied to another client or renamed to another host fails
 * authentication instead of decrypting; without the master secret, which never sits in a
 * client directory, nothing decrypts at all.
 *
 * Format 1 (earlier versions) derived the key from the .uuid alone; it is only ever opened to
 * be re-sealed in format 2 (vault-migration.ts).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/** What the AAD binds a file to. */
export interface VaultBinding {
  client: string;
  product: string;
  kind: string;
  host: string;
}

/** The file format (JSON, base64 fields). */
export interface SealedFile {
  v: 1 | 2;
  alg: "A256GCM";
  kdf: "HKDF-SHA512";
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

/** The secret could not be decrypted: wrong client, wrong host, or a changed byte. */
export class VaultTamperError extends Error {
  readonly code = "VaultTamperError";
}

const aad = (b: VaultBinding) => Buffer.from(`ai-bridge-vault-v1\n${b.client}\n${b.product}\n${b.kind}\n${b.host}`);
/** Format 1: the .uuid alone (kept only to migrate). */
const keyV1 = (uuid: string, salt: Buffer) =>
  Buffer.from(hkdfSync("sha512", Buffer.from(uuid.trim()), salt, "ai-bridge credential vault", 32));
/** Format 2: the master secret is the input key material; the client and its .uuid are in the context. */
const keyV2 = (master: Buffer, uuid: string, client: string, salt: Buffer) =>
  Buffer.from(hkdfSync("sha512", master, salt, `ai-bridge credential vault v2\n${client}\n${uuid.trim()}`, 32));

/** What a file's key is derived from. */
export interface VaultKeys {
  /** The server's master secret (32 bytes). */
  master: Buffer;
  /** The client's secrets/.uuid. */
  uuid: string;
}

/** Encrypts `plain` for `binding` (format 2). */
export function seal(keys: VaultKeys, binding: VaultBinding, plain: string): SealedFile {
  const salt = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyV2(keys.master, keys.uuid, binding.client, salt), iv);
  cipher.setAAD(aad(binding));
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const b64 = (b: Buffer) => b.toString("base64");
  return {
    v: 2,
    alg: "A256GCM",
    kdf: "HKDF-SHA512",
    salt: b64(salt),
    iv: b64(iv),
    tag: b64(cipher.getAuthTag()),
    data: b64(data),
  };
}

/** Decrypts a sealed file of either format; throws VaultTamperError on any mismatch. */
export function open(keys: VaultKeys, binding: VaultBinding, file: SealedFile): string {
  try {
    if ((file.v !== 1 && file.v !== 2) || file.alg !== "A256GCM") throw new Error("format");
    const from = (s: string) => Buffer.from(s, "base64");
    // A truncated tag would weaken GCM's authentication: accept only the full 128 bits.
    if (from(file.tag).length !== 16) throw new Error("tag length");
    const salt = from(file.salt);
    const key = file.v === 1 ? keyV1(keys.uuid, salt) : keyV2(keys.master, keys.uuid, binding.client, salt);
    const decipher = createDecipheriv("aes-256-gcm", key, from(file.iv));
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(from(file.tag));
    return Buffer.concat([decipher.update(from(file.data)), decipher.final()]).toString("utf8");
  } catch {
    throw new VaultTamperError(
      "a stored credential failed authentication (tampered, copied from another client or installation, or renamed)",
    );
  }
}
