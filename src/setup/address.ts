/**
 * The public address of the server is written in four keys that must agree: MCP_SERVER_PORT,
 * AUTH_ISSUER (https://host:port), MCP_SERVER_SECURITY_ALLOWED_HOSTS and
 * MCP_SERVER_SECURITY_ALLOWED_ORIGINS. Setup changes them together, and only as far as it was
 * asked: a new port moves every entry that named the old port, a new host replaces the old host
 * where it appears; every other entry (a reverse proxy's name, a hand-added origin) is kept.
 */
import { CONFIG_PATTERNS } from "../util/patterns.ts";

/** The address keys as they are now (already-parsed values, or the defaults). */
export interface CurrentAddress {
  issuer: string;
  port: number;
  hosts: readonly string[];
  origins: readonly string[];
}

/** What setup was asked to change; undefined = keep. */
export interface AddressChange {
  host?: string;
  port?: number;
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1"];

/** The four keys for a new file: loopback names plus `host`, all on `port`. */
export function freshAddress(host: string, port: number): Record<string, string> {
  const hosts = [...new Set([...LOOPBACK_HOSTS, host])];
  return {
    MCP_SERVER_PORT: String(port),
    AUTH_ISSUER: `https://${host}:${port}`,
    MCP_SERVER_SECURITY_ALLOWED_HOSTS: hosts.map((h) => `${h}:*`).join(","),
    MCP_SERVER_SECURITY_ALLOWED_ORIGINS: hosts.map((h) => `https://${h}:${port}`).join(","),
  };
}

/** Moves a URL from the old host/port to the new one where it used them; other URLs are kept. */
function moveUrl(text: string, now: CurrentAddress, oldHost: string, change: AddressChange): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  if (change.host !== undefined && url.hostname === oldHost) url.hostname = change.host;
  if (change.port !== undefined && port === now.port) url.port = String(change.port);
  return url.href.replace(CONFIG_PATTERNS.trailingSlashes, "");
}

/** Moves a `host:port` / `host:*` entry the same way. */
function moveHostEntry(entry: string, now: CurrentAddress, oldHost: string, change: AddressChange): string {
  const colon = entry.lastIndexOf(":");
  const host = colon === -1 ? entry : entry.slice(0, colon);
  const port = colon === -1 ? undefined : entry.slice(colon + 1);
  const newHost = change.host !== undefined && host === oldHost ? change.host : host;
  const newPort = change.port !== undefined && port === String(now.port) ? String(change.port) : port;
  return newPort === undefined ? newHost : `${newHost}:${newPort}`;
}

/**
 * The updates for an existing configuration: only keys whose value changes. Asking for nothing
 * changes nothing; asking for a port keeps the public host (and the reverse).
 */
export function movedAddress(now: CurrentAddress, change: AddressChange): Record<string, string> {
  if (change.host === undefined && change.port === undefined) return {};
  const oldHost = new URL(now.issuer).hostname;
  const host = change.host ?? oldHost;
  const port = change.port ?? now.port;
  const hosts = [...new Set(now.hosts.map((entry) => moveHostEntry(entry, now, oldHost, change)))];
  if (!hosts.some((entry) => entry === `${host}:*` || entry === `${host}:${port}`)) hosts.push(`${host}:*`);
  const origins = [...new Set(now.origins.map((origin) => moveUrl(origin, now, oldHost, change)))];
  if (!origins.includes(`https://${host}:${port}`)) origins.push(`https://${host}:${port}`);
  const next: Record<string, string> = {
    MCP_SERVER_PORT: String(port),
    AUTH_ISSUER: moveUrl(now.issuer, now, oldHost, change),
    MCP_SERVER_SECURITY_ALLOWED_HOSTS: hosts.join(","),
    MCP_SERVER_SECURITY_ALLOWED_ORIGINS: origins.join(","),
  };
  const before: Record<string, string> = {
    MCP_SERVER_PORT: String(now.port),
    AUTH_ISSUER: now.issuer,
    MCP_SERVER_SECURITY_ALLOWED_HOSTS: now.hosts.join(","),
    MCP_SERVER_SECURITY_ALLOWED_ORIGINS: now.origins.join(","),
  };
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => before[key] !== value));
}
