/**
 * The resource-server guard on the MCP endpoint (MCP authorization spec, RFC 6750, RFC 9728
 * §5.1): a Bearer token in the Authorization header only, verified by `verifyAccessToken`.
 * A refusal is a 401 JSON body with `WWW-Authenticate: Bearer resource_metadata="…"` in the
 * OAuth modes, a plain `Bearer` challenge in jwt mode (plus `error="invalid_token"` when a token
 * was presented), audited and counted against the IP.
 * A success is audited at the token's first use and then once per interval (success-audit.ts).
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app.ts";
import { AUTH_PATTERNS } from "../util/patterns.ts";
import type { AuthState } from "./auth-state.ts";
import { createSuccessAuditGate } from "./success-audit.ts";
import { MAX_TOKEN_LENGTH, verifyAccessToken } from "./token-verifier.ts";

/**
 * Middleware for MCP_SERVER_URL_PATH: refuses anything but a valid bearer token and sets
 * `c.get("principal")`. The auth layer builds it over its state and returns it (auth-layer.ts).
 */
export function requireBearer(state: AuthState): MiddlewareHandler<AppEnv> {
  const successes = createSuccessAuditGate(() => Date.now());
  return async (c, next) => {
    const ip = c.get("clientIp");
    const blocked = state.failures.blockedFor(ip);
    if (blocked > 0) return tooManyFailures(c, state, "bearer", blocked);
    const url = new URL(c.req.url);
    if (url.searchParams.has("access_token")) {
      state.failure(ip, "bearer", "token_in_query");
      return challenge(c, state, "invalid_request", "Send the token in the Authorization header, not the URL");
    }
    const header = c.req.header("authorization");
    if (header === undefined || header === "") return challenge(c, state, undefined, tokenRequired(state));
    if (header.length > MAX_TOKEN_LENGTH + 16) {
      state.failure(ip, "bearer", "token_too_long");
      return challenge(c, state, "invalid_token", "The access token is not valid");
    }
    const match = AUTH_PATTERNS.bearerHeader.exec(header);
    if (match?.[1] === undefined) {
      state.failure(ip, "bearer", "malformed_header");
      return challenge(c, state, "invalid_token", "The access token is not valid");
    }
    const result = await verifyAccessToken(match[1], state.verifier, state.verifiers);
    if (!result.ok) {
      state.failure(ip, "bearer", result.reason, result.client);
      return challenge(c, state, "invalid_token", "The access token is not valid");
    }
    const p = result.principal;
    if (successes.shouldAudit(p.tokenId)) {
      state.core.audit.event("auth.success", {
        surface: "bearer",
        client: p.clientName,
        kind: p.tokenKind,
        ip,
        jti: p.tokenId,
      });
    }
    c.set("principal", p);
    await next();
  };
}

/** What a request without a token is told: how to sign in, or where the administrator finds the token. */
function tokenRequired(state: AuthState): string {
  if (state.oauthEnabled)
    return "Authentication required: sign in through OAuth (see the resource metadata) or send a bearer token";
  return (
    "A bearer token is required: send the header Authorization: Bearer <token>. The administrator prints a " +
    "client's token with `ai-bridge token show <client>` (it is in clients/<client>/secrets/.token)"
  );
}

/**
 * 401 with the RFC 6750 challenge; with OAuth on, the RFC 9728 `resource_metadata` pointer too.
 * In jwt mode nothing points at OAuth: there is no authorization server to find.
 */
function challenge(c: Context<AppEnv>, state: AuthState, error: string | undefined, message: string) {
  const parts = state.oauthEnabled ? [`resource_metadata="${state.resourceMetadataUrl}"`] : [];
  if (error !== undefined) parts.unshift(`error="${error}"`, `error_description="${message}"`);
  c.header(
    "WWW-Authenticate",
    parts.length === 0
      ? `Bearer realm="${state.core.config.MCP_SERVER_NAME.replace(/["\\]/g, "")}"`
      : `Bearer ${parts.join(", ")}`,
  );
  c.header("Cache-Control", "no-store");
  return c.json({ error: error ?? "unauthorized", message }, 401);
}

/** 429 for an IP under an AUTH_BLACKLIST_DURATION_SECONDS block (all auth surfaces). */
export function tooManyFailures(c: Context<AppEnv>, state: AuthState, surface: string, seconds: number) {
  state.core.audit.event("auth.failure", { surface, reason: "ip_blocked", ip: c.get("clientIp") });
  c.header("Retry-After", String(seconds));
  c.header("Cache-Control", "no-store");
  return c.json(
    { error: "temporarily_blocked", message: `Too many failed authentications; try again in ${seconds} s` },
    429,
  );
}
