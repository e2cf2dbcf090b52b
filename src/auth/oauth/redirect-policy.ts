/**
 * Which redirect URIs /authorize accepts (OAuth 2.1 §2.3.1 and §7.5.3, RFC 8252 §7.3;
 * AUTH_OAUTH_REDIRECT_URIS / AUTH_OAUTH_REDIRECT_URI_ENFORCEMENT; docs/authentication.md,
 * "Redirect URIs").
 *
 * Always: an absolute URL that round-trips through the URL parser unchanged (so what is
 * checked is what the browser will follow), no backslash, no user-info, no fragment, https or
 * http on a loopback address. Matching is on the parsed URL (scheme, host, port, path, query),
 * never on the raw string; a pattern may use `*` only as the whole left-most host label
 * (`https://*.example.com/cb`) or as the port (`http://127.0.0.1:*` followed by the path).
 *
 * Enforcement: `strict` accepts only listed URIs; `loopback` (the default) also accepts an http
 * loopback URI on any port and path, which is how native agent hosts receive the code
 * (RFC 8252); `off` accepts any URI that passes the checks above. Only a listed URI ever
 * receives an error redirect: anything else gets an error page.
 */

import { parseRedirectPattern } from "../../config/redirect-pattern.ts";

export type RedirectEnforcement = "off" | "loopback" | "strict";

export type RedirectCheck = { ok: true; listed: boolean } | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True when the parsed `url` matches `pattern` part by part. */
export function matchesPattern(pattern: string, url: URL): boolean {
  const p = parseRedirectPattern(pattern);
  if (p === undefined || p.scheme !== url.protocol) return false;
  if (p.wildcardHost) {
    const dot = url.hostname.indexOf(".");
    if (dot <= 0 || url.hostname.slice(dot + 1) !== p.host) return false;
  } else if (url.hostname !== p.host) {
    return false;
  }
  if (p.port !== "*" && p.port !== url.port) return false;
  return p.path === url.pathname && p.query === url.search;
}

/** Parses `uri` and refuses anything that is not a safe, canonical absolute redirect URL. */
export function parseRedirectUri(uri: string): { ok: true; url: URL } | { ok: false; reason: string } {
  if (uri.includes("\\")) return { ok: false, reason: "redirect_uri must not contain a backslash" };
  if (uri.includes("#")) return { ok: false, reason: "redirect_uri must not have a fragment" };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { ok: false, reason: "redirect_uri is not an absolute URL" };
  }
  if (
    url.username !== "" ||
    url.password !== "" ||
    uri.slice(0, uri.indexOf("/", url.protocol.length + 2)).includes("@")
  ) {
    return { ok: false, reason: "redirect_uri must not carry user-info" };
  }
  if (url.href !== uri) return { ok: false, reason: `redirect_uri must be written in canonical form (${url.href})` };
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url))) {
    return { ok: false, reason: "redirect_uri must use https (http only on a loopback address)" };
  }
  return { ok: true, url };
}

/** True for http(s) URLs on 127.0.0.1, [::1] or localhost. */
function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Checks `uri` against the allowlist (patterns) and the enforcement mode. `listed` says whether
 * the URI was on the list, and so whether errors may be redirected to it.
 */
export function checkRedirectUri(
  uri: string,
  allowlist: readonly string[] | undefined,
  enforcement: RedirectEnforcement,
): RedirectCheck {
  const parsed = parseRedirectUri(uri);
  if (!parsed.ok) return parsed;
  const listed = (allowlist ?? []).some((pattern) => matchesPattern(pattern, parsed.url));
  if (listed || enforcement === "off") return { ok: true, listed };
  if (enforcement === "loopback" && parsed.url.protocol === "http:" && isLoopback(parsed.url)) {
    return { ok: true, listed: false };
  }
  return {
    ok: false,
    reason:
      enforcement === "strict"
        ? "redirect_uri is not in the allowlist"
        : "redirect_uri is not in the allowlist (only http loopback addresses are accepted without one)",
  };
}
