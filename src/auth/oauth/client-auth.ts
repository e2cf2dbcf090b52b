/**
 * Client authentication at /token and /revoke (RFC 6749 §2.3.1): `client_secret_basic`
 * (HTTP Basic, form-urlencoded id and secret per §2.3.1) or `client_secret_post` (body
 * fields), never both. Only clients allowed to use OAuth tokens can authenticate.
 */
import { acceptsKind, type ResolvedClient } from "../../clients/client-modes.ts";
import { AUTH_PATTERNS } from "../../util/patterns.ts";
import type { AuthState } from "../auth-state.ts";
import { verifyClientSecret } from "../client-secret.ts";

/** The authenticated client, or why authentication failed (for the audit log only). */
export type ClientAuthResult =
  | { ok: true; client: ResolvedClient; method: "client_secret_basic" | "client_secret_post" }
  | { ok: false; reason: string; client?: string; basic: boolean };

/** Reads the credentials from the header or the form and checks them. */
export async function authenticateClient(
  state: AuthState,
  authorization: string | undefined,
  form: Record<string, string>,
): Promise<ClientAuthResult> {
  const basic = authorization !== undefined && authorization !== "";
  let id: string | undefined;
  let secret: string | undefined;
  if (basic) {
    if (form.client_secret !== undefined) return { ok: false, reason: "two_auth_methods", basic };
    const match = AUTH_PATTERNS.basicHeader.exec(authorization);
    if (match?.[1] === undefined) return { ok: false, reason: "malformed_basic", basic };
    const decoded = Buffer.from(match[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return { ok: false, reason: "malformed_basic", basic };
    try {
      id = decodeURIComponent(decoded.slice(0, colon).replaceAll("+", " "));
      secret = decodeURIComponent(decoded.slice(colon + 1).replaceAll("+", " "));
    } catch {
      return { ok: false, reason: "malformed_basic", basic };
    }
    if (form.client_id !== undefined && form.client_id !== id)
      return { ok: false, reason: "client_id_mismatch", basic };
  } else {
    id = form.client_id;
    secret = form.client_secret;
  }
  if (id === undefined || id === "" || secret === undefined || secret === "") {
    return { ok: false, reason: "missing_client_credentials", basic };
  }
  return checkSecret(state, id, secret, basic ? "client_secret_basic" : "client_secret_post");
}

/** Checks `secret` for client `id` (also used by the login form). */
export async function checkSecret(
  state: AuthState,
  id: string,
  secret: string,
  method: "client_secret_basic" | "client_secret_post",
): Promise<ClientAuthResult> {
  const basic = method === "client_secret_basic";
  const client = state.clients.get(id);
  const usable = client !== undefined && acceptsKind(client, "oauth2");
  const ok = await verifyClientSecret(usable ? state.pathsOf(id) : undefined, secret.slice(0, 200));
  if (!usable) return { ok: false, reason: client === undefined ? "unknown_client" : "client_not_oauth", basic };
  if (!ok) return { ok: false, reason: "bad_secret", client: id, basic };
  return { ok: true, client, method };
}
