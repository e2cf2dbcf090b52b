/**
 * Encryption of one vault file: AES-256-GCM (NIST SP 800-38D) under a key derived with
 * HKDF-SHA512 (RFC 5869) from the client's secrets/.uuid and a random per-file salt. The AAD
 * binds client, product, kind and host, so a file copied to another client or renamed to
 * another host fails authentication instead of decrypting.
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
  v: 1;
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
const key = (uuid: string, salt: Buffer) =>
  Buffer.from(hkdfSync("sha512", Buffer.from(uuid.trim()), salt, "ai-bridge credential vault", 32));

/** Encrypts `plain` for `binding` under a key derived from `uuid`. */
export function seal(uuid: string, binding: VaultBinding, plain: string): SealedFile {
  const salt = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(uuid, salt), iv);
  cipher.setAAD(aad(binding));
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const b64 = (b: Buffer) => b.toString("base64");
  return {
    v: 1,
    alg: "A256GCM",
    kdf: "HKDF-SHA512",
    salt: b64(salt),
    iv: b64(iv),
    tag: b64(cipher.getAuthTag()),
    data: b64(data),
  };
}

/** Decrypts a sealed file; throws VaultTamperError on any mismatch. */
export function open(uuid: string, binding: VaultBinding, file: SealedFile): string {
  try {
    if (file.v !== 1 || file.alg !== "A256GCM") throw new Error("format");
    const from = (s: string) => Buffer.from(s, "base64");
    // A truncated tag would weaken GCM's authentication: accept only the full 128 bits.
    if (from(file.tag).length !== 16) throw new Error("tag length");
    const decipher = createDecipheriv("aes-256-gcm", key(uuid, from(file.salt)), from(file.iv));
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(from(file.tag));
    return Buffer.concat([decipher.update(from(file.data)), decipher.final()]).toString("utf8");
  } catch {
    throw new VaultTamperError(
      "a stored credential failed authentication (tampered, copied from another client, or renamed)",
    );
  }
}
