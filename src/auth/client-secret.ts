/**
 * OAuth 2.1 client secrets (docs/authentication.md, "OAuth 2.1 mode"): a random secret is written once in
 * plaintext to secrets/.secret for the administrator to copy, its bcrypt hash to
 * secrets/.secret_hash; after the first successful authentication .secret is deleted and only
 * the hash remains.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import type { ClientPaths } from "../clients/client-paths.ts";
import { SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";

/**
 * The native bcrypt addon, loaded on the first hash or check: the compiled binary unpacks it to
 * /tmp and links it, which a start without OAuth logins need not pay (bench/README.md, B4).
 */
const bcrypt = () => import("@node-rs/bcrypt");

/** bcrypt cost: ~50 ms per check, enough to slow guessing without slowing logins. */
const BCRYPT_COST = 10;

/** A hash of a random value, verified when the client is unknown so timing does not reveal names. */
let decoyHash: Promise<string> | undefined;

/** Creates .secret and .secret_hash when the hash is missing; returns true when it did. */
export async function ensureClientSecret(paths: ClientPaths): Promise<boolean> {
  if (existsSync(paths.secretHash)) return false;
  const { hash } = await bcrypt();
  const secret = randomBytes(32).toString("base64url");
  writeFileAtomic(paths.secret, `${secret}\n`, { mode: SECRET_FILE_MODE });
  writeFileAtomic(paths.secretHash, `${await hash(secret, BCRYPT_COST)}\n`, { mode: SECRET_FILE_MODE });
  return true;
}

/**
 * Replaces the client's secret with a new random one and returns it, for the administrator to hand
 * over (`ai-bridge token secret`). Only the hash is written: the plaintext is shown once, never stored.
 */
export async function resetClientSecret(paths: ClientPaths): Promise<string> {
  const { hash } = await bcrypt();
  const secret = randomBytes(32).toString("base64url");
  writeFileAtomic(paths.secretHash, `${await hash(secret, BCRYPT_COST)}\n`, { mode: SECRET_FILE_MODE });
  rmSync(paths.secret, { force: true });
  return secret;
}

/**
 * Checks `secret` against the client's hash; on success deletes the one-time plaintext file.
 * `paths` is undefined for an unknown client: a decoy hash is checked so the answer takes as long.
 */
export async function verifyClientSecret(paths: ClientPaths | undefined, secret: string): Promise<boolean> {
  // Loaded before the branch, so a known and an unknown client wait the same.
  const { hash, verify } = await bcrypt();
  if (paths === undefined || !existsSync(paths.secretHash)) {
    decoyHash ??= hash(randomBytes(16).toString("hex"), BCRYPT_COST);
    await verify(secret, await decoyHash);
    return false;
  }
  const stored = readFileSync(paths.secretHash, "utf8").trim();
  let ok = false;
  try {
    ok = await verify(secret, stored);
  } catch {
    ok = false;
  }
  if (ok && existsSync(paths.secret)) rmSync(paths.secret, { force: true });
  return ok;
}
