/**
 * POST /token (OAuth 2.1 §3.2 and §4.3, RFC 6749 §4.4, RFC 7636, RFC 8707): authorization_code
 * with PKCE S256, refresh_token with rotation and reuse detection (refresh-tokens.ts), and
 * client_credentials for configured clients. Configured clients authenticate with their secret;
 * registered and metadata-document applications are public clients identified by client_id.
 * Tokens act as the identity the person signed in as. Answers carry `Cache-Control: no-store`;
 * failures are audited and counted per IP.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { acceptsKind, type ResolvedClient } from "../../clients/client-modes.ts";
import type { App, AppEnv } from "../../http/app.ts";
import { AUTH_PATTERNS } from "../../util/patterns.ts";
import type { AuthState } from "../auth-state.ts";
import { tooManyFailures } from "../bearer-middleware.ts";
import { signToken } from "../token-signer.ts";
import { findApplication, type OAuthApplication } from "./applications.ts";
import { authenticateClient } from "./client-auth.ts";
import { readForm } from "./form.ts";
import { MCP_SCOPE } from "./metadata-routes.ts";
import type { RevokedFamily } from "./refresh-tokens.ts";
import { resolveResource } from "./resource.ts";

/** Who calls /token or /revoke: a configured client proven by its secret, or a public application. */
export type TokenCaller =
  | { ok: true; app: OAuthApplication; client?: ResolvedClient }
  | { ok: false; reason: string; client?: string; basic: boolean };

/** Authenticates the caller of /token or /revoke. */
export async function identifyCaller(
  state: AuthState,
  authorization: string | undefined,
  form: Record<string, string>,
): Promise<TokenCaller> {
  const hasSecret = (authorization !== undefined && authorization !== "") || form.client_secret !== undefined;
  if (!hasSecret && form.client_id !== undefined && !state.clients.has(form.client_id)) {
    const found = await findApplication(state, form.client_id);
    if (found.ok && found.app.kind !== "configured") return { ok: true, app: found.app };
    return { ok: false, reason: "unknown_client", basic: false };
  }
  const auth = await authenticateClient(state, authorization, form);
  if (!auth.ok) return auth;
  return {
    ok: true,
    client: auth.client,
    app: { id: auth.client.name, kind: "configured", name: auth.client.name, identity: auth.client, redirectUris: [] },
  };
}

/** Adds the access tokens of revoked refresh-token families to the revocation list. */
export function revokeFamilies(state: AuthState, families: readonly RevokedFamily[], why: string): void {
  for (const family of families) {
    for (const token of family.accessTokens) state.revocations.revoke(token.jti, token.exp);
    state.core.audit.event("token.family_revoked", { client: family.identity, family: family.family, why });
  }
}

/** Mounts POST /token. */
export function mountTokenRoute(app: App, state: AuthState): void {
  app.post("/token", async (c) => {
    c.header("Cache-Control", "no-store");
    c.header("Pragma", "no-cache");
    const ip = c.get("clientIp");
    const blocked = state.failures.blockedFor(ip);
    if (blocked > 0) return tooManyFailures(c, state, "token", blocked);
    const form = await readForm(c);
    if (form === undefined) return oauthError(c, 400, "invalid_request", "Send application/x-www-form-urlencoded");
    const caller = await identifyCaller(state, c.req.header("authorization"), form);
    if (!caller.ok) {
      state.failure(ip, "token", caller.reason, caller.client);
      if (caller.basic) c.header("WWW-Authenticate", 'Basic realm="ai-bridge"');
      return oauthError(c, 401, "invalid_client", "Client authentication failed");
    }
    const appId = caller.app.id;
    const resource = resolveResource(form.resource, state.resourceUrl);
    if (resource === undefined) {
      state.failure(ip, "token", "invalid_target", appId);
      return oauthError(c, 400, "invalid_target", `The only resource here is ${state.resourceUrl}`);
    }
    if (
      form.scope !== undefined &&
      form.scope !== "" &&
      !form.scope.split(" ").every((s) => s === MCP_SCOPE || s === "offline_access")
    ) {
      return oauthError(c, 400, "invalid_scope", `The only scope is "${MCP_SCOPE}"`);
    }
    if (form.grant_type === "client_credentials") {
      if (caller.client === undefined) {
        return oauthError(c, 400, "unauthorized_client", "client_credentials is for configured clients only");
      }
      return issue(c, state, { app: caller.app, identity: caller.client, resource, grant: "client_credentials" });
    }
    if (form.grant_type === "refresh_token") return refresh(c, state, caller.app, form, resource);
    if (form.grant_type !== "authorization_code") {
      return oauthError(
        c,
        400,
        "unsupported_grant_type",
        "Use authorization_code, refresh_token or client_credentials",
      );
    }
    const redeemed = state.codes.redeem(form.code ?? "", appId);
    if (!redeemed.ok) {
      if (redeemed.reusedToken !== undefined) {
        state.revocations.revoke(redeemed.reusedToken.jti, redeemed.reusedToken.exp);
        state.core.audit.event("token.revoked", { client: appId, jti: redeemed.reusedToken.jti, why: "code_reused" });
      }
      state.failure(ip, "token", redeemed.reason, appId);
      return oauthError(c, 400, "invalid_grant", "The authorization code is not valid");
    }
    const { grant } = redeemed;
    const identity = state.clients.get(grant.identity);
    const problem =
      grant.redirectUri !== form.redirect_uri
        ? "redirect_uri_mismatch"
        : !pkceMatches(form.code_verifier, grant.codeChallenge)
          ? "pkce_failed"
          : form.resource !== undefined && resource !== grant.resource
            ? "resource_mismatch"
            : identity === undefined || !acceptsKind(identity, "oauth2")
              ? "identity_gone"
              : undefined;
    if (problem !== undefined || identity === undefined) {
      state.failure(ip, "token", problem ?? "identity_gone", appId);
      return oauthError(c, 400, "invalid_grant", "The authorization code is not valid");
    }
    return issue(c, state, {
      app: caller.app,
      identity,
      resource: grant.resource,
      grant: "authorization_code",
      bind: redeemed.bindIssued,
      refresh: true,
    });
  });
}

/** The refresh_token grant: rotation, and a replay revokes the whole family. */
async function refresh(
  c: Context<AppEnv>,
  state: AuthState,
  app: OAuthApplication,
  form: Record<string, string>,
  resource: string,
) {
  const ip = c.get("clientIp");
  const used = state.refreshTokens.use(form.refresh_token ?? "", app.id);
  if (!used.ok) {
    if (used.reason === "reused") {
      revokeFamilies(state, [used.revoked], "refresh_token_reused");
      state.core.audit.event("auth.refresh_reuse", { client: used.revoked.identity, app: app.id, ip });
    }
    state.failure(ip, "token", `refresh_${used.reason}`, app.id);
    return oauthError(c, 400, "invalid_grant", "The refresh token is not valid");
  }
  const { grant } = used;
  const identity = state.clients.get(grant.identity);
  const current = state.generations.current(grant.identity);
  const problem =
    form.resource !== undefined && resource !== grant.resource
      ? "resource_mismatch"
      : identity === undefined || !acceptsKind(identity, "oauth2")
        ? "identity_gone"
        : current?.generation !== grant.generation
          ? "generation_changed"
          : app.kind !== "configured" && !state.consents.has(grant.identity, app.id)
            ? "consent_withdrawn"
            : undefined;
  if (problem !== undefined || identity === undefined) {
    revokeFamilies(
      state,
      state.refreshTokens.revokeFamilies((g) => g.family === grant.family),
      problem ?? "",
    );
    state.failure(ip, "token", problem ?? "identity_gone", app.id);
    return oauthError(c, 400, "invalid_grant", "The refresh token is not valid");
  }
  return issue(c, state, {
    app,
    identity,
    resource: grant.resource,
    grant: "refresh_token",
    refresh: true,
    family: grant.family,
  });
}

interface Issue {
  app: OAuthApplication;
  identity: ResolvedClient;
  resource: string;
  grant: string;
  bind?: (jti: string, exp: number) => void;
  /** Whether a refresh token comes with the access token. */
  refresh?: boolean;
  /** The refresh-token family to continue. */
  family?: string;
}

async function issue(c: Context<AppEnv>, state: AuthState, request: Issue) {
  const { config } = state.core;
  const { identity, app } = request;
  const ttl = config.AUTH_OAUTH_TOKEN_EXPIRY_SECONDS;
  const audience =
    request.resource === config.AUTH_AUDIENCE ? [request.resource] : [request.resource, config.AUTH_AUDIENCE];
  const generation = state.generations.current(identity.name)?.generation;
  const signed = await signToken(state.core.keys.privateKey, state.kid, {
    kind: "oauth2",
    issuer: state.issuer,
    audience,
    subject: identity.subject,
    clientId: identity.name,
    authorizedParty: app.id === identity.name ? undefined : app.id,
    ttlSeconds: ttl,
    now: state.now(),
    scope: MCP_SCOPE,
    generation,
  });
  request.bind?.(signed.jti, signed.expiresAt);
  let refreshToken: string | undefined;
  if (request.refresh === true && generation !== undefined) {
    const issued = state.refreshTokens.issue({
      family: request.family,
      appId: app.id,
      identity: identity.name,
      generation,
      resource: request.resource,
      ttlSeconds: config.AUTH_OAUTH_REFRESH_TOKEN_EXPIRY_DAYS * 86_400,
    });
    state.refreshTokens.recordAccess(issued.family, signed.jti, signed.expiresAt);
    refreshToken = issued.token;
  }
  if (app.kind === "registered") state.registrations?.touch(app.id);
  const ip = c.get("clientIp");
  state.core.audit.event("auth.success", {
    surface: "token",
    client: identity.name,
    app: app.id,
    grant: request.grant,
    ip,
  });
  state.core.audit.event("token.issued", {
    client: identity.name,
    app: app.id,
    kind: "oauth2",
    grant: request.grant,
    jti: signed.jti,
    exp: signed.expiresAt,
  });
  return c.json({
    access_token: signed.token,
    token_type: "Bearer",
    expires_in: ttl,
    scope: MCP_SCOPE,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
  });
}

/** RFC 7636 §4.6 with S256: BASE64URL(SHA256(verifier)) == challenge, compared in constant time. */
function pkceMatches(verifier: string | undefined, challenge: string): boolean {
  if (verifier === undefined || !AUTH_PATTERNS.codeVerifier.test(verifier)) return false;
  const computed = Buffer.from(createHash("sha256").update(verifier).digest("base64url"));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

/** RFC 6749 §5.2 error body. */
export function oauthError(c: Context<AppEnv>, status: 400 | 401, error: string, description: string) {
  return c.json({ error, error_description: description }, status);
}
