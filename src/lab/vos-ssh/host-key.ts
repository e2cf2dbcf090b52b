/**
 * The persistent SSH host key of a lab node. Real VOS nodes keep their host key across
 * restarts, and the bridge pins it (trust on first use), so the lab must too: the key is an
 * OpenSSH-format ed25519 private key stored at `hostKeyPath` (mode 0600, atomic write), made on
 * first start. Tests call `replace` to prove the bridge refuses a changed key. The fingerprint
 * is OpenSSH's `SHA256:<base64 without padding>` of the public key blob (RFC 4253 §6.6,
 * ssh-keygen -l).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { utils } from "ssh2";
import { SECRET_FILE_MODE, writeFileAtomic } from "../../fs/atomic.ts";

/** Errors of the VOS SSH server, with stable codes. */
export class VosSshError extends Error {
  readonly code: "LAB_SSH_HOSTKEY_INVALID" | "LAB_SSH_LISTEN_FAILED";
  constructor(code: VosSshError["code"], message: string) {
    super(message);
    this.name = "VosSshError";
    this.code = code;
  }
}

/** A host key ready for ssh2's `hostKeys`, with its fingerprint. */
export interface HostKey {
  privateKey: string;
  fingerprint: string;
}

/** OpenSSH-style SHA256 fingerprint of a private key's public half. */
function fingerprintOf(privateKey: string): string {
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error)
    throw new VosSshError("LAB_SSH_HOSTKEY_INVALID", `host key unreadable: ${parsed.message}`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new VosSshError("LAB_SSH_HOSTKEY_INVALID", "host key file holds no key");
  let digest = createHash("sha256").update(key.getPublicSSH()).digest("base64");
  while (digest.endsWith("=")) digest = digest.slice(0, -1);
  return `SHA256:${digest}`;
}

/** Loads the key at `path`, creating it on first use. */
export function loadOrCreateHostKey(path: string): HostKey {
  if (!existsSync(path)) return replaceHostKeyFile(path);
  const privateKey = readFileSync(path, "utf8");
  try {
    return { privateKey, fingerprint: fingerprintOf(privateKey) };
  } catch {
    throw new VosSshError(
      "LAB_SSH_HOSTKEY_INVALID",
      `The lab SSH host key at ${path} is not a readable private key; delete the file to let the lab make a new one.`,
    );
  }
}

/**
 * A fresh ed25519 host key that ssh2 can read back. ssh2's generator now and then (about 1 in
 * 300) emits a key its own `parseKey` rejects as malformed, so such keys are drawn again.
 */
export function generateHostKey(): HostKey {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { private: privateKey } = utils.generateKeyPairSync("ed25519");
    if (utils.parseKey(privateKey) instanceof Error) continue;
    return { privateKey, fingerprint: fingerprintOf(privateKey) };
  }
  throw new VosSshError("LAB_SSH_HOSTKEY_INVALID", "could not generate a host key that ssh2 can read back");
}

/** Generates a new ed25519 key, persists it at `path`, and returns it. */
export function replaceHostKeyFile(path: string): HostKey {
  const key = generateHostKey();
  writeFileAtomic(path, key.privateKey, { mode: SECRET_FILE_MODE });
  return key;
}
