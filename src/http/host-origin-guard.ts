/**
 * DNS rebinding protection (MCP_SERVER_SECURITY_TRANSPORT_ENABLED and its ALLOWED_* keys): the Host header must be one of
 * MCP_SERVER_SECURITY_ALLOWED_HOSTS (`host:*` = any port) and an Origin header, when present,
 * one of MCP_SERVER_SECURITY_ALLOWED_ORIGINS (a `:*` port wildcard is accepted there too).
 * Runs before anything else; a mismatch is a 403 and nothing behind it runs.
 */
import type { MiddlewareHandler } from "hono";
import { HTTP_PATTERNS } from "../util/patterns.ts";

export interface HostOriginPolicy {
  enabled: boolean;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
}

interface HostRule {
  host: string;
  /** undefined = no port given (matches a Host header without port); "*" = any port. */
  port: string | undefined;
}

function parseHostRule(entry: string): HostRule | undefined {
  const trimmed = entry.trim().toLowerCase();
  if (trimmed.endsWith(":*")) return { host: trimmed.slice(0, -2), port: "*" };
  const match = HTTP_PATTERNS.hostHeader.exec(trimmed);
  if (!match) return undefined;
  return { host: match[1]!, port: match[2] };
}

/** True when a Host header value is allowed by the list. */
export function hostAllowed(hostHeader: string, allowed: readonly string[]): boolean {
  const match = HTTP_PATTERNS.hostHeader.exec(hostHeader.trim().toLowerCase());
  if (!match) return false;
  const host = match[1]!;
  const port = match[2];
  return allowed.some((entry) => {
    const rule = parseHostRule(entry);
    if (!rule || rule.host !== host) return false;
    if (rule.port === "*") return true;
    return rule.port === port;
  });
}

/** True when an Origin header value is allowed by the list (exact, or `scheme://host:*`). */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === "null") return false;
  const normalized = parsed.origin.toLowerCase();
  return allowed.some((entry) => {
    const rule = entry.trim().toLowerCase();
    if (rule.endsWith(":*")) {
      const prefix = rule.slice(0, -2);
      return normalized === prefix || normalized.startsWith(`${prefix}:`);
    }
    try {
      return new URL(rule).origin.toLowerCase() === normalized;
    } catch {
      return false;
    }
  });
}

/** Hono middleware enforcing the policy. */
export function hostOriginGuard(
  policy: HostOriginPolicy,
  onRefused?: (why: string, value: string) => void,
): MiddlewareHandler {
  return async (c, next) => {
    if (policy.enabled) {
      const host = c.req.header("host") ?? new URL(c.req.url).host;
      if (!hostAllowed(host, policy.allowedHosts)) {
        onRefused?.("host", host);
        return c.json(
          { error: "forbidden_host", message: `Host "${host}" is not in MCP_SERVER_SECURITY_ALLOWED_HOSTS` },
          403,
        );
      }
      const origin = c.req.header("origin");
      if (origin !== undefined && !originAllowed(origin, policy.allowedOrigins)) {
        onRefused?.("origin", origin);
        return c.json(
          { error: "forbidden_origin", message: `Origin "${origin}" is not in MCP_SERVER_SECURITY_ALLOWED_ORIGINS` },
          403,
        );
      }
    }
    await next();
  };
}
