/**
 * POST /revoke (RFC 7009): a client revokes one of its own tokens. An access token's `jti` goes
 * to the persistent revocation list and is refused at once; a refresh token revokes its whole
 * family, with the access tokens issued from it. Configured clients authenticate with their
 * secret, public applications name their client_id. The answer is 200 whether or not the token
 * was valid or known (RFC 7009 §2.2).
 */
import { jwtVerify } from "jose";
import type { App } from "../../http/app.ts";
import type { AuthState } from "../auth-state.ts";
import { tooManyFailures } from "../bearer-middleware.ts";
import { MAX_TOKEN_LENGTH, signingKey } from "../token-verifier.ts";
import { readForm } from "./form.ts";
import { identifyCaller, oauthError, revokeFamilies } from "./token-route.ts";

/** Mounts POST /revoke. */
export function mountRevokeRoute(app: App, state: AuthState): void {
  app.post("/revoke", async (c) => {
    c.header("Cache-Control", "no-store");
    const ip = c.get("clientIp");
    const blocked = state.failures.blockedFor(ip);
    if (blocked > 0) return tooManyFailures(c, state, "revoke", blocked);
    const form = await readForm(c);
    if (form === undefined || form.token === undefined) {
      return oauthError(c, 400, "invalid_request", "Send token=<token> as application/x-www-form-urlencoded");
    }
    const caller = await identifyCaller(state, c.req.header("authorization"), form);
    if (!caller.ok) {
      state.failure(ip, "revoke", caller.reason, caller.client);
      if (caller.basic) c.header("WWW-Authenticate", 'Basic realm="ai-bridge"');
      return oauthError(c, 401, "invalid_client", "Client authentication failed");
    }
    const appId = caller.app.id;
    if (form.token.length > MAX_TOKEN_LENGTH) return c.body(null, 200);
    const family = state.refreshTokens.familyOf(form.token, appId);
    if (family !== undefined) {
      revokeFamilies(
        state,
        state.refreshTokens.revokeFamilies((g) => g.family === family),
        "revoke_endpoint",
      );
      return c.body(null, 200);
    }
    try {
      // A key retired by `keys rotate` still vouches for the tokens it signed until they expire,
      // so such a token must be revocable too, not silently ignored.
      const { payload } = await jwtVerify(form.token, signingKey(form.token, state.verifier).key, {
        algorithms: ["RS256"],
        issuer: state.issuer,
      });
      const owner = typeof payload.azp === "string" ? payload.azp : payload.client_id;
      if (owner === appId && typeof payload.jti === "string" && typeof payload.exp === "number") {
        state.revocations.revoke(payload.jti, payload.exp);
        state.core.audit.event("token.revoked", {
          client: String(payload.client_id),
          app: appId,
          jti: payload.jti,
          via: "revoke_endpoint",
        });
      }
    } catch {
      // Invalid, expired or foreign tokens need no revocation (RFC 7009 §2.2).
    }
    return c.body(null, 200);
  });
}
