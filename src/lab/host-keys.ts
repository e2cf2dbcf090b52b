/**
 * Creates each node's SSH host key before the VOS SSH server starts, so the key persists in the
 * state directory from the first start. ssh2's `generateKeyPairSync("ed25519")` now and then
 * (about 1 in 300) emits a key its own `parseKey` rejects as "Malformed OpenSSH private key";
 * this generator checks every key it writes and draws again when that happens.
 */
import { existsSync } from "node:fs";
import { utils } from "ssh2";
import { SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";

/** Writes a fresh, parseable ed25519 host key at `path` unless one is already there. */
export function ensureHostKey(path: string): void {
  if (existsSync(path)) return;
  for (let attempt = 0; attempt < 20; attempt++) {
    const { private: privateKey } = utils.generateKeyPairSync("ed25519");
    if (utils.parseKey(privateKey) instanceof Error) continue;
    writeFileAtomic(path, privateKey, { mode: SECRET_FILE_MODE });
    return;
  }
  throw new Error(`could not generate a usable SSH host key for ${path}`);
}
