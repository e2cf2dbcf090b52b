/**
 * A cache key for anything reused across calls (AXL session cookies, SSH sessions): host, port,
 * user and a hash of the password. Credentials are stored per MCP client, so two clients with
 * different credentials for the same node must never share a session (a cookie obtained with an
 * admin's password would otherwise serve a read-only client). The hash never leaves memory.
 */
import { createHash } from "node:crypto";

/** `host:port:user:<sha256(password) prefix>`. */
export function credentialKey(host: string, port: number, username: string, password: string): string {
  const h = createHash("sha256").update(`${username}\u0000${password}`).digest("base64url").slice(0, 22);
  return `${host}:${port}:${username}:${h}`;
}
