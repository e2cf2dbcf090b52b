/**
 * Which private key decrypts which backup. Every archive names the public key that wrapped its
 * key (the key id in its header: SHA-256 of the SPKI DER). The current server key
 * (AUTH_RSA_PRIVATE_KEY_FILE) is tried first, then every `*.pem` private key kept in
 * `<CRYPTO_SECRETS_DIR>/backup-keyring/`, where a key rotation leaves the old private key so
 * backups made before the rotation stay restorable.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BackupError, keyIdOf } from "./format.ts";

/** Folder name, under the secrets folder, of the private keys kept for older backups. */
export const KEYRING_DIR_NAME = "backup-keyring";

export interface KeyringSources {
  /** The server's current private key file. */
  currentPrivateKey: string;
  /** The secrets folder (the keyring is its `backup-keyring/` folder). */
  secretsDir: string;
}

/** The private key whose public half has `keyId`; a BackupError names where to put it when none has. */
export function findPrivateKey(sources: KeyringSources, keyId: string, fileName: string): KeyObject {
  for (const path of candidateFiles(sources)) {
    const key = loadPrivateKey(path);
    if (key !== undefined && keyIdOf(createPublicKey(key)) === keyId) return key;
  }
  throw new BackupError(
    `${fileName} was encrypted for another server key (key id ${keyId.slice(0, 16)}…); ` +
      `put that key's private PEM in ${join(sources.secretsDir, KEYRING_DIR_NAME)}/ and run again`,
  );
}

function candidateFiles(sources: KeyringSources): string[] {
  const files = [sources.currentPrivateKey];
  const keyring = join(sources.secretsDir, KEYRING_DIR_NAME);
  if (existsSync(keyring))
    for (const name of readdirSync(keyring).sort()) if (name.endsWith(".pem")) files.push(join(keyring, name));
  return files;
}

function loadPrivateKey(path: string): KeyObject | undefined {
  try {
    const key = createPrivateKey(readFileSync(path, "utf8"));
    return key.asymmetricKeyType === "rsa" ? key : undefined;
  } catch {
    return undefined;
  }
}
