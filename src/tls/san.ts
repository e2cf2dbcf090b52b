/**
 * Subject Alternative Names for the self-signed certificate, derived from
 * MCP_SERVER_SECURITY_ALLOWED_HOSTS (port and `:*` wildcard stripped) and the issuer's host.
 */
import { isIP } from "node:net";

export interface SanList {
  dns: string[];
  ips: string[];
}

/** Strips the port (or `:*`) and IPv6 brackets from an allowed-host entry. */
export function hostOnly(entry: string): string {
  const trimmed = entry.trim().toLowerCase();
  if (trimmed.startsWith("[")) {
    const end = trimmed.indexOf("]");
    return end === -1 ? trimmed.slice(1) : trimmed.slice(1, end);
  }
  const colon = trimmed.lastIndexOf(":");
  // A bare IPv6 literal has several colons and no port.
  if (colon !== -1 && trimmed.indexOf(":") === colon) return trimmed.slice(0, colon);
  return trimmed;
}

/** Builds the SAN list (deduplicated, stable order). */
export function sansFor(allowedHosts: readonly string[], extraHosts: readonly string[] = []): SanList {
  const dns = new Set<string>();
  const ips = new Set<string>();
  for (const entry of [...allowedHosts, ...extraHosts]) {
    const host = hostOnly(entry);
    if (host === "" || host === "*") continue;
    if (isIP(host)) ips.add(host);
    else dns.add(host);
  }
  return { dns: [...dns], ips: [...ips] };
}
