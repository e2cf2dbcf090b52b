/**
 * Validation of an authorization request (OAuth 2.1 §4.1.1, RFC 7636, RFC 8707). Problems
 * with the client or the redirect URI must not redirect (§4.1.2.1): they are shown in the
 * browser. Other problems are returned to the client through the redirect when that URI is on
 * the application's list, and shown in the browser otherwise.
 */
import { AUTH_PATTERNS } from "../../util/patterns.ts";
import type { AuthState } from "../auth-state.ts";
import { checkAppRedirect, findApplication, type OAuthApplication } from "./applications.ts";
import { MCP_SCOPE } from "./metadata-routes.ts";
import { resolveResource } from "./resource.ts";

/** A validated authorization request. */
export interface AuthorizeRequest {
  app: OAuthApplication;
  redirectUri: string;
  state: string | undefined;
  codeChallenge: string;
  resource: string;
  /** Whether the redirect URI is listed (only then may an error be redirected to it). */
  listed: boolean;
}

/** The outcome of validating /authorize parameters. */
export type AuthorizeCheck =
  | { kind: "ok"; request: AuthorizeRequest }
  /** Shown to the user; no redirect. */
  | { kind: "page"; message: string }
  /** Sent back to the client's redirect URI. */
  | { kind: "redirect"; redirectUri: string; state: string | undefined; error: string; description: string };

/** Validates the query parameters of /authorize. */
export async function checkAuthorizeRequest(state: AuthState, params: URLSearchParams): Promise<AuthorizeCheck> {
  for (const key of new Set(params.keys())) {
    if (params.getAll(key).length > 1) return { kind: "page", message: `The parameter ${key} is repeated.` };
  }
  const found = await findApplication(state, params.get("client_id") ?? "");
  if (!found.ok) return { kind: "page", message: found.reason };
  const { app } = found;
  const redirectUri = params.get("redirect_uri") ?? "";
  const check = checkAppRedirect(state, app, redirectUri);
  if (!check.ok) return { kind: "page", message: `The redirect address was refused: ${check.reason}.` };
  if (
    !check.listed &&
    app.kind === "configured" &&
    (state.core.config.AUTH_OAUTH_REDIRECT_URIS[app.id] ?? []).length > 0
  ) {
    state.core.logger.warn({ client: app.id, redirectUri }, "redirect_uri not in the allowlist (enforcement off)");
  }
  // Only a listed URI may receive an error: otherwise /authorize would be an open redirector.
  const back = (error: string, description: string): AuthorizeCheck =>
    check.listed
      ? { kind: "redirect", redirectUri, state: params.get("state") ?? undefined, error, description }
      : { kind: "page", message: `${description}.` };
  if (params.get("response_type") !== "code") return back("unsupported_response_type", "Only response_type=code");
  const challenge = params.get("code_challenge") ?? "";
  if (params.get("code_challenge_method") !== "S256" || !AUTH_PATTERNS.codeChallenge.test(challenge)) {
    return back("invalid_request", "PKCE with code_challenge_method=S256 is required");
  }
  const resource = resolveResource(params.get("resource") ?? undefined, state.resourceUrl);
  if (resource === undefined) return back("invalid_target", `The only resource here is ${state.resourceUrl}`);
  const scope = params.get("scope");
  if (scope !== null && scope !== "" && !scope.split(" ").every((s) => s === MCP_SCOPE || s === "offline_access")) {
    return back("invalid_scope", `The only scope is ${MCP_SCOPE}`);
  }
  return {
    kind: "ok",
    request: {
      app,
      redirectUri,
      state: params.get("state") ?? undefined,
      codeChallenge: challenge,
      resource,
      listed: check.listed,
    },
  };
}

/** The redirect URI with the response parameters added (and `iss`, RFC 9207). */
export function redirectWith(redirectUri: string, issuer: string, values: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(values)) if (value !== undefined) url.searchParams.set(key, value);
  url.searchParams.set("iss", issuer);
  return url.toString();
}
