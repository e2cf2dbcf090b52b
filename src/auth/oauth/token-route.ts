/**
 * POST /token (OAuth 2.1 §3.2, RFC 6749 §4.4, RFC 7636, RFC 8707): the authorization_code
 * grant with PKCE S256 and the client_credentials grant, for confidential clients only.
 * Answers carry `Cache-Control: no-store`; failures are audited and counted per IP.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import type { ResolvedClient } from "../../clients/client-modes.ts";
import type { App, AppEnv } from "../../http/app.ts";
import { AUTH_PATTERNS } from "../../util/patterns.ts";
import type { AuthState } from "../auth-state.ts";
import { tooManyFailures } from "../bearer-middleware.ts";
import { signToken } from "../token-signer.ts";
import { authenticateClient } from "./client-auth.ts";
import { readForm } from "./form.ts";
import { MCP_SCOPE } from "./metadata-routes.ts";
import { resolveResource } from "./resource.ts";

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
    const auth = await authenticateClient(state, c.req.header("authorization"), form);
    if (!auth.ok) {
      state.failure(ip, "token", auth.reason, auth.client);
      if (auth.basic) c.header("WWW-Authenticate", 'Basic realm="ai-bridge"');
      return oauthError(c, 401, "invalid_client", "Client authentication failed");
    }
    const resource = resolveResource(form.resource, state.resourceUrl);
    if (resource === undefined) {
      state.failure(ip, "token", "invalid_target", auth.client.name);
      return oauthError(c, 400, "invalid_target", `The only resource here is ${state.resourceUrl}`);
    }
    if (form.scope !== undefined && form.scope !== "" && form.scope !== MCP_SCOPE) {
      return oauthError(c, 400, "invalid_scope", `The only scope is "${MCP_SCOPE}"`);
    }
    if (form.grant_type === "client_credentials") return issue(c, state, auth.client, resource, "client_credentials");
    if (form.grant_type !== "authorization_code") {
      return oauthError(c, 400, "unsupported_grant_type", "Use authorization_code or client_credentials");
    }
    const redeemed = state.codes.redeem(form.code ?? "", auth.client.name);
    if (!redeemed.ok) {
      if (redeemed.reusedToken !== undefined) {
        state.revocations.revoke(redeemed.reusedToken.jti, redeemed.reusedToken.exp);
        state.core.audit.event("token.revoked", {
          client: auth.client.name,
          jti: redeemed.reusedToken.jti,
          why: "code_reused",
        });
      }
      state.failure(ip, "token", redeemed.reason, auth.client.name);
      return oauthError(c, 400, "invalid_grant", "The authorization code is not valid");
    }
    const { grant } = redeemed;
    const problem =
      grant.redirectUri !== form.redirect_uri
        ? "redirect_uri_mismatch"
        : !pkceMatches(form.code_verifier, grant.codeChallenge)
          ? "pkce_failed"
          : form.resource !== undefined && resource !== grant.resource
            ? "resource_mismatch"
            : undefined;
    if (problem !== undefined) {
      state.failure(ip, "token", problem, auth.client.name);
      return oauthError(c, 400, "invalid_grant", "The authorization code is not valid");
    }
    return issue(c, state, auth.client, grant.resource, "authorization_code", redeemed.bindIssued);
  });
}

async function issue(
  c: Context<AppEnv>,
  state: AuthState,
  client: ResolvedClient,
  resource: string,
  grant: string,
  bind?: (jti: string, exp: number) => void,
) {
  const { config } = state.core;
  const ttl = config.AUTH_OAUTH_TOKEN_EXPIRY_SECONDS;
  const audience = resource === config.AUTH_AUDIENCE ? [resource] : [resource, config.AUTH_AUDIENCE];
  const signed = await signToken(state.core.keys.privateKey, state.kid, {
    kind: "oauth2",
    issuer: state.issuer,
    audience,
    subject: client.subject,
    clientId: client.name,
    ttlSeconds: ttl,
    now: state.now(),
    scope: MCP_SCOPE,
    generation: state.generations.current(client.name)?.generation,
  });
  bind?.(signed.jti, signed.expiresAt);
  const ip = c.get("clientIp");
  state.core.audit.event("auth.success", { surface: "token", client: client.name, grant, ip });
  state.core.audit.event("token.issued", {
    client: client.name,
    kind: "oauth2",
    grant,
    jti: signed.jti,
    exp: signed.expiresAt,
  });
  return c.json({ access_token: signed.token, token_type: "Bearer", expires_in: ttl, scope: MCP_SCOPE });
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
