/**
 * Signs the appliance's access tokens: RS256 JWTs (RFC 7519, RFC 7515) with the server's RSA
 * key. JWT-mode tokens carry `typ: JWT`; OAuth 2.1 access tokens carry `typ: at+jwt`
 * (RFC 9068 §2.1), which is how the verifier tells the two kinds apart.
 */

import type { KeyObject } from "node:crypto";
import { randomUUID } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, SignJWT } from "jose";
import type { TokenKind } from "./principal.ts";

/** The JOSE `typ` header of each token kind. */
export const TOKEN_TYP: Record<TokenKind, string> = { jwt: "JWT", oauth2: "at+jwt" };

/** The claims of a token to sign. */
export interface TokenRequest {
  kind: TokenKind;
  issuer: string;
  audience: string | string[];
  subject: string;
  clientId: string;
  ttlSeconds: number;
  /** Seconds since the epoch. */
  now: number;
  scope?: string;
  /** The OAuth application acting for the client, when it is not the client itself (`azp` claim). */
  authorizedParty?: string;
  /** The client's token generation (`gen` claim of OAuth tokens; see token-generations.ts). */
  generation?: string;
}

/** A signed token with its id and expiry (seconds since the epoch). */
export interface SignedToken {
  token: string;
  jti: string;
  expiresAt: number;
}

/** The key id published in the JWKS: the RFC 7638 thumbprint of the public key. */
export async function keyId(publicKey: KeyObject): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(publicKey), "sha256");
}

/** Signs one token; the `jti` is a fresh random UUID. */
export async function signToken(privateKey: KeyObject, kid: string, request: TokenRequest): Promise<SignedToken> {
  const jti = randomUUID();
  const expiresAt = request.now + request.ttlSeconds;
  const claims: Record<string, unknown> = { client_id: request.clientId };
  if (request.scope !== undefined) claims.scope = request.scope;
  if (request.generation !== undefined) claims.gen = request.generation;
  if (request.authorizedParty !== undefined) claims.azp = request.authorizedParty;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: TOKEN_TYP[request.kind], kid })
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setSubject(request.subject)
    .setIssuedAt(request.now)
    .setExpirationTime(expiresAt)
    .setJti(jti)
    .sign(privateKey);
  return { token, jti, expiresAt };
}
