/**
 * The vault's master secret: 32 random bytes in secrets/vault.key (mode 600), beside the other
 * server keys and outside clients/, so a copy of a client directory (a backup of one client, a
 * support bundle, a misconfigured share) holds ciphertext but no key. Created once, with an
 * exclusive link so two processes starting together (the server and an `ai-bridge credentials`
 * command) can never each make a different one.
 */
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ensureDir, SECRET_DIR_MODE, SECRET_FILE_MODE } from "../fs/atomic.ts";

/** File name of the master secret inside the secrets directory. */
const VAULT_KEY_FILE = "vault.key";

/** Master keys by path: read once per process (the file never changes once made). */
const loaded = new Map<string, Buffer>();

/** Thrown when secrets/vault.key exists but is not a key this server wrote. */
class VaultKeyError extends Error {
  override readonly name = "VaultKeyError";
}

/** Where the master key of a secrets directory lives. */
export function vaultKeyPath(secretsDir: string): string {
  return join(secretsDir, VAULT_KEY_FILE);
}

/** The master key of `secretsDir`, created when missing. */
export function vaultMasterKey(secretsDir: string): Buffer {
  const path = vaultKeyPath(secretsDir);
  const cached = loaded.get(path);
  if (cached !== undefined) return cached;
  if (!existsSync(path)) create(path, secretsDir);
  const key = Buffer.from(readFileSync(path, "utf8").trim(), "base64");
  if (key.length !== 32) throw new VaultKeyError(`${path} is not a 32-byte base64 key; restore it from a backup`);
  loaded.set(path, key);
  return key;
}

function create(path: string, secretsDir: string): void {
  ensureDir(secretsDir, SECRET_DIR_MODE);
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = openSync(temp, "wx", SECRET_FILE_MODE);
  try {
    writeSync(fd, `${randomBytes(32).toString("base64")}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // link() fails when the name exists: whoever linked first wins, the other reads that key.
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}
