/**
 * The OAuth applications /authorize and /token know (docs/authentication.md, "Applications and
 * identities"), found by client_id:
 * - `configured`: an AUTH_CLIENTS entry; a confidential client that acts as itself;
 * - `registered`: registered through POST /register (RFC 7591); a public client;
 * - `document`: a client_id URL whose Client ID Metadata Document describes it; a public client.
 * A public application acts as whichever AUTH_CLIENTS identity the person signs in as.
 */
import { acceptsKind, type ResolvedClient } from "../../clients/client-modes.ts";
import type { AuthState } from "../auth-state.ts";
import { checkRedirectUri, parseRedirectUri, type RedirectCheck } from "./redirect-policy.ts";

export interface OAuthApplication {
  id: string;
  kind: "configured" | "registered" | "document";
  /** What the login page calls it. */
  name: string;
  /** For a configured client: the identity it is (it can act as no other). */
  identity?: ResolvedClient;
  /** For a registered or document client: its redirect URIs. */
  redirectUris: readonly string[];
  /** For a document client: the host that serves its metadata document. */
  documentHost?: string;
}

/** The application with this client_id, or why there is none (shown on an error page). */
export async function findApplication(
  state: AuthState,
  clientId: string,
): Promise<{ ok: true; app: OAuthApplication } | { ok: false; reason: string }> {
  const configured = state.clients.get(clientId);
  if (configured !== undefined) {
    if (!acceptsKind(configured, "oauth2")) return { ok: false, reason: "This client may not use OAuth sign-in." };
    return {
      ok: true,
      app: { id: clientId, kind: "configured", name: clientId, identity: configured, redirectUris: [] },
    };
  }
  const registered = state.registrations?.find(clientId);
  if (registered !== undefined) {
    return {
      ok: true,
      app: { id: clientId, kind: "registered", name: registered.clientName, redirectUris: registered.redirectUris },
    };
  }
  if (state.metadata?.isDocumentId(clientId)) {
    const result = await state.metadata.fetch(clientId);
    if (!result.ok) return { ok: false, reason: `The application's metadata document was refused: ${result.reason}.` };
    const { metadata } = result;
    return {
      ok: true,
      app: {
        id: clientId,
        kind: "document",
        name: metadata.clientName,
        redirectUris: metadata.redirectUris,
        documentHost: metadata.host,
      },
    };
  }
  return { ok: false, reason: "This application is not registered on this server." };
}

/**
 * Checks a redirect URI for `app`. A configured client follows AUTH_OAUTH_REDIRECT_URIS and the
 * enforcement mode; a registered or document client may use only the URIs it declared, where a
 * loopback URI may differ in its port (RFC 8252 §7.3).
 */
export function checkAppRedirect(state: AuthState, app: OAuthApplication, uri: string): RedirectCheck {
  const { config } = state.core;
  if (app.kind === "configured") {
    return checkRedirectUri(uri, config.AUTH_OAUTH_REDIRECT_URIS[app.id], config.AUTH_OAUTH_REDIRECT_URI_ENFORCEMENT);
  }
  const parsed = parseRedirectUri(uri);
  if (!parsed.ok) return parsed;
  const url = parsed.url;
  const listed = app.redirectUris.some((declared) => {
    const d = parseRedirectUri(declared);
    if (!d.ok) return false;
    const loopbackHttp = d.url.protocol === "http:" && url.protocol === "http:" && isLoopbackHost(d.url);
    return (
      d.url.protocol === url.protocol &&
      d.url.hostname === url.hostname &&
      (loopbackHttp || d.url.port === url.port) &&
      d.url.pathname === url.pathname &&
      d.url.search === url.search
    );
  });
  return listed ? { ok: true, listed } : { ok: false, reason: "redirect_uri is not one the application registered" };
}

function isLoopbackHost(url: URL): boolean {
  return url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
}
