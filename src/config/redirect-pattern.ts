/**
 * The syntax of an AUTH_OAUTH_REDIRECT_URIS entry: an absolute http(s) URL whose host may start
 * with `*.` (one whole left-most label) and whose port may be `*`. Parsed here so a bad entry
 * stops the start with the key named, and so /authorize compares parsed parts, never strings.
 */

/** A redirect URI pattern split into the parts that are compared. */
export interface RedirectPattern {
  scheme: string;
  /** Lower-case host; for a wildcard pattern, the part after `*.`. */
  host: string;
  wildcardHost: boolean;
  /** Normalised port ("" = the scheme's default), or "*". */
  port: string;
  path: string;
  query: string;
}

export const REDIRECT_PATTERN_SYNTAX =
  "an absolute http(s) URL with * only as the whole first host label or as the port";

const PATTERN =
  /^(https?):\/\/(\*\.)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}|\*))?(\/[^?#\\\s]*)?(\?[^#\\\s]*)?$/;

/** Parses an allowlist entry; undefined when it is not a pattern this policy understands. */
export function parseRedirectPattern(pattern: string): RedirectPattern | undefined {
  const match = PATTERN.exec(pattern);
  if (match === null) return undefined;
  const [, scheme = "", star, host = "", port, path, query] = match;
  if (star !== undefined && host.split(".").length < 2) return undefined;
  const defaultPort = scheme === "https" ? "443" : "80";
  return {
    scheme: `${scheme}:`,
    host: host.toLowerCase(),
    wildcardHost: star !== undefined,
    port: port === undefined || port === defaultPort ? "" : port,
    path: path ?? "/",
    query: query ?? "",
  };
}
