/**
 * OpenSSH known_hosts, for pinning the SFTP destination's host key: plain and hashed
 * (`|1|salt|hash`, HMAC-SHA1 of the host name) entries, `[host]:port` for ports other than
 * 22, comma-separated patterns with `*` and `?` wildcards and `!` negation, and `@revoked`
 * lines (that key is refused even if listed elsewhere). `@cert-authority` lines are not
 * supported and are skipped: only the host's own key pins it.
 */
import { createHmac } from "node:crypto";

export interface PinnedKey {
  /** The key type as written (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`…). */
  type: string;
  /** The public key blob, as the server sends it during key exchange. */
  blob: Buffer;
}

export interface HostPins {
  keys: PinnedKey[];
  revoked: PinnedKey[];
}

/** How OpenSSH names a destination in known_hosts. */
function hostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcard(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split("")
      .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("")}$`,
    "i",
  );
  return regex.test(name);
}

/** Whether the host field of a line names `name` (hashed, or patterns with negation). */
function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith("|1|")) {
    const [, , salt, hash] = field.split("|");
    if (salt === undefined || hash === undefined) return false;
    const mac = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");
    return mac === hash;
  }
  let matched = false;
  for (const pattern of field.split(",")) {
    if (pattern.startsWith("!")) {
      if (wildcard(pattern.slice(1), name)) return false;
    } else if (wildcard(pattern, name)) matched = true;
  }
  return matched;
}

/** The keys `text` (a known_hosts file) pins for `host` on `port`. */
export function pinsFor(text: string, host: string, port: number): HostPins {
  const name = hostName(host, port);
  const pins: HostPins = { keys: [], revoked: [] };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0]!.startsWith("@")) marker = fields.shift();
    const [hosts, type, base64] = fields;
    if (hosts === undefined || type === undefined || base64 === undefined) continue;
    if (marker === "@cert-authority") continue;
    if (!hostFieldMatches(hosts, name)) continue;
    const key = { type, blob: Buffer.from(base64, "base64") };
    if (marker === "@revoked") pins.revoked.push(key);
    else if (marker === undefined) pins.keys.push(key);
  }
  return pins;
}

/** Whether the key the server showed is pinned and not revoked. */
export function isPinned(pins: HostPins, blob: Buffer): boolean {
  if (pins.revoked.some((k) => k.blob.equals(blob))) return false;
  return pins.keys.some((k) => k.blob.equals(blob));
}

/** The host key algorithms to offer, so the server shows a key of a pinned type. */
export function hostKeyAlgorithms(pins: HostPins): string[] {
  const algorithms = new Set<string>();
  for (const { type } of pins.keys) {
    if (type === "ssh-rsa") for (const a of ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]) algorithms.add(a);
    else algorithms.add(type);
  }
  return [...algorithms];
}
