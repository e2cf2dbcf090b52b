/**
 * The SFTP password at rest (BACKUP_SFTP_PASSWORD_ENC): RSA-OAEP (SHA-512) under the server's
 * public key, so only the holder of the private key can read it, with the OAEP label set to
 * the destination `user@host:port`. The label binds the value to that destination: a value
 * copied into a `.env` that points at another server does not decrypt, so an edited host
 * cannot make the appliance hand the password to someone else.
 *
 * Value: `v1:<key id, 64 hex>:<base64 ciphertext>`; the key id names the public key
 * (see keyring.ts), so a value made before a key rotation still opens from the keyring.
 */
import { constants, type KeyObject, privateDecrypt, publicEncrypt, timingSafeEqual } from "node:crypto";
import { BackupError, keyIdOf } from "./format.ts";
import { findPrivateKey, type KeyringSources } from "./keyring.ts";

/** The SFTP destination a password is bound to. */
export interface SftpDestination {
  host: string;
  port: number;
  user: string;
}

const PREFIX = "v1";

function label(to: SftpDestination): Buffer {
  return Buffer.from(`ai-bridge backup sftp password ${to.user}@${to.host}:${to.port}`, "utf8");
}

/** Encrypts `password` for `to` under `publicKey`; the result goes into BACKUP_SFTP_PASSWORD_ENC. */
export function encryptSftpPassword(publicKey: KeyObject, to: SftpDestination, password: string): string {
  const sealed = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha512", oaepLabel: label(to) },
    Buffer.from(password, "utf8"),
  );
  return `${PREFIX}:${keyIdOf(publicKey)}:${sealed.toString("base64")}`;
}

/** Decrypts BACKUP_SFTP_PASSWORD_ENC for `to`; a BackupError says why it cannot. */
export function decryptSftpPassword(keyring: KeyringSources, to: SftpDestination, value: string): string {
  const match = /^v1:([0-9a-f]{64}):([A-Za-z0-9+/]+={0,2})$/.exec(value.trim());
  if (!match)
    throw new BackupError(
      "BACKUP_SFTP_PASSWORD_ENC is not a value made by `ai-bridge encrypt-sftp-password` (expected v1:<key id>:<base64>)",
    );
  const privateKey = findPrivateKey(keyring, match[1]!, "BACKUP_SFTP_PASSWORD_ENC");
  try {
    return privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha512", oaepLabel: label(to) },
      Buffer.from(match[2]!, "base64"),
    ).toString("utf8");
  } catch {
    throw new BackupError(
      `BACKUP_SFTP_PASSWORD_ENC does not decrypt for ${to.user}@${to.host}:${to.port}: it was made for another ` +
        "SFTP host, port or user, or it was changed; run `ai-bridge encrypt-sftp-password --write` again",
    );
  }
}

/** Compares two passwords in constant time. */
export function samePassword(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
