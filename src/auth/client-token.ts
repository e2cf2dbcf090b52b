/**
 * The JWT-mode token of one client, stored in clients/<name>/secrets/.token (docs/authentication.md,
 * "JWT mode"). At every start the stored token is checked and renewed when it is missing,
 * corrupt, badly signed, expired, revoked, or when its claims (issuer, audience, subject,
 * client_id) no longer match the configuration; a valid token is left byte for byte.
 */
import type { KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import type { RevocationStore } from "./revocation-store.ts";
import { type SignedToken, signToken, TOKEN_TYP } from "./token-signer.ts";

/** What a client's JWT-mode token must contain and where it lives. */
export interface ClientTokenSpec {
  path: string;
  clientName: string;
  subject: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** The signing key pair and its RFC 7638 key id. */
export interface TokenKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
}

/** The stored token's `jti` when it is still good, or why it must be renewed. */
export type StoredTokenCheck = { ok: true; jti: string } | { ok: false; reason: string };

/** Checks the stored token against the configuration, the key and the revocation list. */
export async function checkStoredToken(
  spec: ClientTokenSpec,
  publicKey: KeyObject,
  revocations: RevocationStore,
  now: number,
): Promise<StoredTokenCheck> {
  const reason = await staleReason(spec, publicKey, revocations, now);
  if (reason !== undefined) return { ok: false, reason };
  return { ok: true, jti: String(decodeJwt(readFileSync(spec.path, "utf8").trim()).jti) };
}

async function staleReason(
  spec: ClientTokenSpec,
  publicKey: KeyObject,
  revocations: RevocationStore,
  now: number,
): Promise<string | undefined> {
  if (!existsSync(spec.path)) return "missing";
  const token = readFileSync(spec.path, "utf8").trim();
  try {
    decodeProtectedHeader(token);
    decodeJwt(token);
  } catch {
    return "corrupt";
  }
  let payload: Record<string, unknown>;
  try {
    const result = await jwtVerify(token, publicKey, { algorithms: ["RS256"], currentDate: new Date(now * 1000) });
    if (result.protectedHeader.typ !== TOKEN_TYP.jwt) return "claims_changed";
    payload = result.payload as Record<string, unknown>;
  } catch (error) {
    return (error as { code?: string }).code === "ERR_JWT_EXPIRED" ? "expired" : "bad_signature";
  }
  if (payload.sub !== spec.subject) return "subject_changed";
  if (payload.iss !== spec.issuer || payload.aud !== spec.audience || payload.client_id !== spec.clientName) {
    return "claims_changed";
  }
  if (typeof payload.jti !== "string" || typeof payload.iat !== "number") return "claims_changed";
  if (payload.exp !== payload.iat + spec.ttlSeconds) return "lifetime_changed";
  if (revocations.isRevoked(payload.jti)) return "revoked";
  return undefined;
}

/** Signs a new JWT-mode token and writes it (mode 600, atomically). */
export async function writeClientToken(spec: ClientTokenSpec, keys: TokenKeys, now: number): Promise<SignedToken> {
  const signed = await signToken(keys.privateKey, keys.kid, {
    kind: "jwt",
    issuer: spec.issuer,
    audience: spec.audience,
    subject: spec.subject,
    clientId: spec.clientName,
    ttlSeconds: spec.ttlSeconds,
    now,
  });
  writeFileAtomic(spec.path, `${signed.token}\n`, { mode: SECRET_FILE_MODE });
  return signed;
}

/** The `jti` and expiry of a stored token whose signature checks out (for `token revoke`). */
export async function readStoredToken(
  path: string,
  publicKey: KeyObject,
): Promise<{ token: string; jti: string; expiresAt: number } | undefined> {
  if (!existsSync(path)) return undefined;
  const token = readFileSync(path, "utf8").trim();
  try {
    const { payload } = await jwtVerify(token, publicKey, { algorithms: ["RS256"], clockTolerance: "3650d" });
    if (typeof payload.jti !== "string" || typeof payload.exp !== "number") return undefined;
    return { token, jti: payload.jti, expiresAt: payload.exp };
  } catch {
    return undefined;
  }
}
