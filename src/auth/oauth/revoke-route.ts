/**
 * POST /revoke (RFC 7009): an authenticated client revokes one of its own tokens; the `jti`
 * goes to the persistent revocation list and the token is refused at once. The answer is 200
 * whether or not the token was valid or known (RFC 7009 §2.2).
 */
import { jwtVerify } from "jose";
import type { App } from "../../http/app.ts";
import type { AuthState } from "../auth-state.ts";
import { tooManyFailures } from "../bearer-middleware.ts";
import { MAX_TOKEN_LENGTH } from "../token-verifier.ts";
import { authenticateClient } from "./client-auth.ts";
import { readForm } from "./form.ts";
import { oauthError } from "./token-route.ts";

/** Mounts POST /revoke. */
export function mountRevokeRoute(app: App, state: AuthState): void {
  app.post("/revoke", async (c) => {
    c.header("Cache-Control", "no-store");
    const ip = c.get("clientIp");
    const blocked = state.failures.blockedFor(ip);
    if (blocked > 0) return tooManyFailures(c, state, "revoke", blocked);
    const form = await readForm(c);
    if (form === undefined || form.token === undefined) {
      return oauthError(c, 400, "invalid_request", "Send token=<access token> as application/x-www-form-urlencoded");
    }
    const auth = await authenticateClient(state, c.req.header("authorization"), form);
    if (!auth.ok) {
      state.failure(ip, "revoke", auth.reason, auth.client);
      if (auth.basic) c.header("WWW-Authenticate", 'Basic realm="ai-bridge"');
      return oauthError(c, 401, "invalid_client", "Client authentication failed");
    }
    if (form.token.length <= MAX_TOKEN_LENGTH) {
      try {
        const { payload } = await jwtVerify(form.token, state.core.keys.publicKey, {
          algorithms: ["RS256"],
          issuer: state.issuer,
        });
        if (
          payload.client_id === auth.client.name &&
          typeof payload.jti === "string" &&
          typeof payload.exp === "number"
        ) {
          state.revocations.revoke(payload.jti, payload.exp);
          state.core.audit.event("token.revoked", {
            client: auth.client.name,
            jti: payload.jti,
            via: "revoke_endpoint",
          });
        }
      } catch {
        // Invalid, expired or foreign tokens need no revocation (RFC 7009 §2.2).
      }
    }
    return c.body(null, 200);
  });
}
