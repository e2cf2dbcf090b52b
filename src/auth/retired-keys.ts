/**
 * Signing keys retired by `ai-bridge keys rotate` (docs/operations.md, "Key rotation"), kept in
 * secrets/retired_keys.json with what each may still vouch for: the JWT-mode tokens that were
 * current at the rotation, until the grace period ends, and OAuth access tokens, until the
 * longest of them has expired. The server loads the list at start (a rotation restarts it),
 * verifies a token whose `kid` names a retired key with that key, and publishes the retired keys
 * in its JWKS while they are still in use. An entry is dropped once both windows have closed.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";

/** File name of the list in CRYPTO_SECRETS_DIR. */
export const RETIRED_KEYS_FILE = "retired_keys.json";

/** One retired key as stored. */
export interface RetiredKeyRecord {
  kid: string;
  publicPem: string;
  /** Seconds since the epoch. */
  retiredAt: number;
  /** JWT-mode tokens signed by this key are refused from this moment (end of the grace period). */
  jwtUntil: number;
  /** OAuth access tokens signed by this key are refused from this moment (all have expired by then). */
  oauthUntil: number;
  /** Per client, the `jti` of the JWT-mode token that was current when the key was retired. */
  jwtIds: Record<string, string>;
}

/** A retired key ready for verification. */
export interface RetiredKey extends RetiredKeyRecord {
  publicKey: KeyObject;
}

function readRecords(path: string): RetiredKeyRecord[] {
  if (!existsSync(path)) return [];
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as { keys?: unknown };
    if (!Array.isArray(data.keys)) return [];
    return data.keys.filter(
      (k): k is RetiredKeyRecord =>
        typeof k?.kid === "string" &&
        typeof k.publicPem === "string" &&
        typeof k.jwtUntil === "number" &&
        typeof k.oauthUntil === "number" &&
        typeof k.jwtIds === "object",
    );
  } catch {
    // A damaged list only means old tokens are refused early; it must not stop the server.
    return [];
  }
}

/** The retired keys still vouching for something at `now` (seconds since the epoch). */
export function loadRetiredKeys(path: string, now: number): RetiredKey[] {
  return readRecords(path)
    .filter((record) => Math.max(record.jwtUntil, record.oauthUntil) > now)
    .flatMap((record) => {
      try {
        return [{ ...record, publicKey: createPublicKey(record.publicPem) }];
      } catch {
        return [];
      }
    });
}

/** Adds a retired key, dropping entries whose windows have closed; written atomically, mode 600. */
export function addRetiredKey(path: string, record: RetiredKeyRecord, now: number): void {
  const kept = readRecords(path).filter((r) => Math.max(r.jwtUntil, r.oauthUntil) > now && r.kid !== record.kid);
  writeFileAtomic(path, `${JSON.stringify({ keys: [...kept, record] }, null, 2)}\n`, { mode: SECRET_FILE_MODE });
}
