/**
 * Validates a presented access token (OAuth 2.1 §5.2, RFC 8725 best practices, MCP
 * authorization "Token validation"): RS256 only, issuer, audience per token kind (RFC 8707),
 * exp/nbf with a small skew, revoked `jti`, client still configured with the same subject,
 * token kind allowed for the client's mode, token still of the client's current generation,
 * bounded length. The signature is checked once; then each allowed kind's verifier is tried.
 */
import type { KeyObject } from "node:crypto";
import { decodeProtectedHeader, errors, jwtVerify } from "jose";
import { acceptsKind, type ResolvedClient } from "../clients/client-modes.ts";
import type { Principal, TokenKind } from "./principal.ts";
import type { RetiredKey } from "./retired-keys.ts";
import type { RevocationStore } from "./revocation-store.ts";
import type { ClientGeneration, GenerationStore } from "./token-generations.ts";
import { TOKEN_TYP } from "./token-signer.ts";

/** Longest token accepted (bytes); anything longer is refused before parsing. */
export const MAX_TOKEN_LENGTH = 8192;
/** Clock skew tolerated on exp / nbf / iat, in seconds. */
const CLOCK_SKEW_SECONDS = 30;

/** What a token is checked against. */
export interface VerifierContext {
  publicKey: KeyObject;
  issuer: string;
  /** AUTH_AUDIENCE: carried by JWT-mode tokens, accepted on OAuth tokens too. */
  audience: string;
  /** `${AUTH_ISSUER}${MCP_SERVER_URL_PATH}`: the audience OAuth tokens are bound to. */
  resourceUrl: string;
  clients: ReadonlyMap<string, ResolvedClient>;
  revocations: RevocationStore;
  generations: GenerationStore;
  /** Keys retired by a rotation that still vouch for older tokens (secrets/retired_keys.json). */
  retired?: readonly RetiredKey[];
  /** Seconds since the epoch. */
  now: () => number;
}

/** The principal of a valid token, or the refusal reason (audit only, never sent to the caller). */
export type VerifyResult = { ok: true; principal: Principal } | { ok: false; reason: string; client?: string };

/** A token whose signature and issuer were verified, with what the later checks need. */
interface VerifiedSignature {
  payload: Record<string, unknown>;
  typ: string | undefined;
  /** Set when a retired key signed the token. */
  retired?: RetiredKey;
}

/**
 * The key a token names by `kid`: a retired one when it names one, otherwise the current key.
 * POST /revoke uses it too, so a token signed before a rotation can still be revoked.
 */
export function signingKey(token: string, ctx: VerifierContext): { key: KeyObject; retired?: RetiredKey } {
  if (ctx.retired === undefined || ctx.retired.length === 0) return { key: ctx.publicKey };
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return { key: ctx.publicKey };
  }
  const retired = ctx.retired.find((r) => r.kid === kid);
  return retired === undefined ? { key: ctx.publicKey } : { key: retired.publicKey, retired };
}

/**
 * Signatures already verified, per public key. An agent presents the same token on every
 * request, and an RSA-4096 verification is most of the cost of authenticating one; every
 * other check (time, audience, revocation, client, subject, kind) still runs on each request.
 */
const verifiedSignatures = new WeakMap<KeyObject, Map<string, VerifiedSignature>>();
const SIGNATURE_CACHE_SIZE = 1024;

async function verifySignature(token: string, ctx: VerifierContext): Promise<VerifiedSignature> {
  const { key, retired } = signingKey(token, ctx);
  let cache = verifiedSignatures.get(key);
  if (cache === undefined) {
    cache = new Map();
    verifiedSignatures.set(key, cache);
  }
  const now = ctx.now();
  const hit = cache.get(token);
  if (hit !== undefined) {
    const exp = Number(hit.payload.exp);
    const nbf = hit.payload.nbf === undefined ? undefined : Number(hit.payload.nbf);
    if (exp + CLOCK_SKEW_SECONDS <= now)
      throw new errors.JWTExpired("token expired", hit.payload, "exp", "check_failed");
    if (nbf !== undefined && nbf - CLOCK_SKEW_SECONDS > now) {
      throw new errors.JWTClaimValidationFailed("token not yet valid", hit.payload, "nbf", "check_failed");
    }
    return hit;
  }
  const result = await jwtVerify(token, key, {
    algorithms: ["RS256"],
    issuer: ctx.issuer,
    clockTolerance: CLOCK_SKEW_SECONDS,
    currentDate: new Date(now * 1000),
    requiredClaims: ["sub", "iat", "exp", "jti", "client_id"],
  });
  const verified = { payload: result.payload as Record<string, unknown>, typ: result.protectedHeader.typ, retired };
  if (cache.size >= SIGNATURE_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(token, verified);
  return verified;
}

/** The checks of one token kind, after the shared signature, issuer and time checks. */
export interface KindVerifier {
  kind: TokenKind;
  /** The audiences a token of this kind may carry (any one suffices). */
  audiences: readonly string[];
  /** Whether the token is still the client's current one; a refusal reason otherwise. */
  current(payload: Record<string, unknown>, generation: ClientGeneration | undefined): string | undefined;
}

/**
 * One verifier per token kind the server allows (AUTH_MODE): a JWT-mode token is valid only
 * while it is its client's current token; an OAuth token only within its client's generation.
 */
export function kindVerifiers(kinds: ReadonlySet<TokenKind>, ctx: VerifierContext): KindVerifier[] {
  const all: KindVerifier[] = [
    {
      kind: "jwt",
      audiences: [ctx.audience],
      current: (payload, generation) => (generation?.jwtId === payload.jti ? undefined : "superseded"),
    },
    {
      kind: "oauth2",
      audiences: [ctx.resourceUrl, ctx.audience],
      current: (payload, generation) =>
        generation !== undefined && payload.gen === generation.generation ? undefined : "generation_changed",
    },
  ];
  return all.filter((verifier) => kinds.has(verifier.kind));
}

/** Verifies `token`; the reason of a refusal goes to the audit log, never to the caller. */
export async function verifyAccessToken(
  token: string,
  ctx: VerifierContext,
  verifiers: readonly KindVerifier[],
): Promise<VerifyResult> {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "token_too_long" };
  let payload: Record<string, unknown>;
  let typ: string | undefined;
  let retired: RetiredKey | undefined;
  try {
    ({ payload, typ, retired } = await verifySignature(token, ctx));
  } catch (error) {
    return { ok: false, reason: joseReason(error) };
  }
  const clientName = String(payload.client_id);
  const iat = Number(payload.iat);
  if (iat > ctx.now() + CLOCK_SKEW_SECONDS) return { ok: false, reason: "issued_in_future", client: clientName };
  let reason = typ === TOKEN_TYP.jwt || typ === TOKEN_TYP.oauth2 ? "kind_not_allowed" : "unknown_token_type";
  for (const verifier of verifiers) {
    if (typ !== TOKEN_TYP[verifier.kind]) continue;
    const result = checkKind(verifier, payload, clientName, ctx, retired);
    if (result.ok) return result;
    reason = result.reason;
  }
  return { ok: false, reason, client: clientName };
}

function checkKind(
  verifier: KindVerifier,
  payload: Record<string, unknown>,
  clientName: string,
  ctx: VerifierContext,
  retired?: RetiredKey,
): VerifyResult {
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.some((aud) => verifier.audiences.includes(String(aud)))) {
    return { ok: false, reason: "wrong_audience", client: clientName };
  }
  const jti = String(payload.jti);
  if (ctx.revocations.isRevoked(jti)) return { ok: false, reason: "revoked", client: clientName };
  const client = ctx.clients.get(clientName);
  if (client === undefined) return { ok: false, reason: "unknown_client", client: clientName };
  if (payload.sub !== client.subject) return { ok: false, reason: "subject_changed", client: clientName };
  if (!acceptsKind(client, verifier.kind)) return { ok: false, reason: "kind_not_allowed", client: clientName };
  const stale =
    retired === undefined
      ? verifier.current(payload, ctx.generations.current(clientName))
      : retiredKeyProblem(verifier, payload, clientName, retired, ctx);
  if (stale !== undefined) return { ok: false, reason: stale, client: clientName };
  return {
    ok: true,
    principal: {
      clientName,
      subject: client.subject,
      profile: client.profile,
      tokenKind: verifier.kind,
      tokenId: jti,
      expiresAt: Number(payload.exp),
    },
  };
}

/**
 * A token signed by a retired key: a JWT-mode token only if it was its client's current token at
 * the rotation and the grace period is still running (its replacement is the current one now); an
 * OAuth token until the key's OAuth window closes, and still only within its client's generation.
 */
function retiredKeyProblem(
  verifier: KindVerifier,
  payload: Record<string, unknown>,
  clientName: string,
  retired: RetiredKey,
  ctx: VerifierContext,
): string | undefined {
  const now = ctx.now();
  if (verifier.kind === "jwt") {
    if (now >= retired.jwtUntil) return "key_retired";
    return retired.jwtIds[clientName] === payload.jti ? undefined : "superseded";
  }
  if (now >= retired.oauthUntil) return "key_retired";
  return verifier.current(payload, ctx.generations.current(clientName));
}

function joseReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `claim_${error.claim}_invalid`;
  if (error instanceof errors.JOSEAlgNotAllowed) return "algorithm_not_allowed";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad_signature";
  return "malformed";
}
