/**
 * Which redirect URIs /authorize accepts (OAuth 2.1 §2.3.1 and §7.5.3;
 * AUTH_OAUTH_REDIRECT_URIS / AUTH_OAUTH_REDIRECT_URI_ENFORCEMENT). Always: an absolute URL
 * without fragment or user-info, https, or http on a loopback host. In `strict` mode it
 * must also match the client's allowlist, where `*` stands for any run of characters other
 * than `/ ? # @` (so a wildcard cannot swallow a host boundary or a path).
 */
export type RedirectCheck = { ok: true; listed: boolean } | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Checks `uri` for `client` against the allowlist and enforcement mode. */
export function checkRedirectUri(
  uri: string,
  allowlist: readonly string[] | undefined,
  enforcement: "off" | "strict",
): RedirectCheck {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { ok: false, reason: "redirect_uri is not an absolute URL" };
  }
  if (url.hash !== "" || uri.includes("#")) return { ok: false, reason: "redirect_uri must not have a fragment" };
  if (url.username !== "" || url.password !== "") return { ok: false, reason: "redirect_uri must not carry user-info" };
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    return { ok: false, reason: "redirect_uri must use https (http only on a loopback address)" };
  }
  const listed = (allowlist ?? []).some((pattern) => wildcardMatch(pattern, uri));
  if (enforcement === "strict" && !listed) return { ok: false, reason: "redirect_uri is not in the allowlist" };
  return { ok: true, listed };
}

/** True when `uri` matches `pattern` exactly, `*` matching any run of characters other than `/ ? # @`. */
export function wildcardMatch(pattern: string, uri: string): boolean {
  const parts = pattern.split("*");
  const first = parts[0] ?? "";
  if (parts.length === 1) return pattern === uri;
  const last = parts[parts.length - 1] ?? "";
  if (!uri.startsWith(first) || !uri.endsWith(last) || uri.length < first.length + last.length) return false;
  let pos = first.length;
  const end = uri.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const at = uri.indexOf(part, pos);
    if (at < 0 || at + part.length > end || !gapAllowed(uri.slice(pos, at))) return false;
    pos = at + part.length;
  }
  return gapAllowed(uri.slice(pos, end));
}

function gapAllowed(gap: string): boolean {
  return ![..."/?#@"].some((ch) => gap.includes(ch));
}
