/**
 * The appliance-wide SSH known-hosts store (`<secrets>/known_hosts.json`, mode 600, atomic
 * writes). Host keys belong to the HOST, not to a client: one trusted fingerprint per
 * `host:port`, shared by every client, set only through the `<product>_os_trust_fingerprint` tools (no
 * trust-on-first-use, RFC 4251 section 4.1). Implements the protocol layer's KnownHostsStore.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SECRET_FILE_MODE, writeFileAtomic } from "../../fs/atomic.ts";
import type { KnownHostsStore } from "../../protocols/vos-ssh/host-keys.ts";

/** One trusted key. */
export interface KnownHostEntry {
  fingerprint: string;
  trustedAt: string;
  /** Client that trusted it (for the record; the key is still appliance-wide). */
  trustedBy: string;
}

/** The store: read by the SSH client, written by the trust tool. */
export interface KnownHosts extends KnownHostsStore {
  entry(host: string, port: number): KnownHostEntry | undefined;
  trust(host: string, port: number, fingerprint: string, by: string): void;
  /** Forgets the trusted key of `host:port`; true when there was one. */
  remove(host: string, port: number): boolean;
  list(): Array<{ host: string; port: number } & KnownHostEntry>;
}

/** The file name under the secrets directory. */
export const KNOWN_HOSTS_FILE = "known_hosts.json";

const keyOf = (host: string, port: number) => `${host.trim().toLowerCase()}:${port}`;

/** Opens the store at `<secretsDir>/known_hosts.json`; the file is re-read on every lookup (small). */
export function openKnownHosts(secretsDir: string, now: () => Date = () => new Date()): KnownHosts {
  const path = join(secretsDir, KNOWN_HOSTS_FILE);
  const read = (): Record<string, KnownHostEntry> => {
    if (!existsSync(path)) return {};
    try {
      const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
      return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, KnownHostEntry>) : {};
    } catch {
      throw new Error(`${path} is not valid JSON; fix or remove it, then trust the hosts again`);
    }
  };
  return {
    trusted: (host, port) => read()[keyOf(host, port)]?.fingerprint,
    entry: (host, port) => read()[keyOf(host, port)],
    trust(host, port, fingerprint, by) {
      const all = read();
      all[keyOf(host, port)] = { fingerprint, trustedAt: now().toISOString(), trustedBy: by };
      writeFileAtomic(path, `${JSON.stringify(all, null, 2)}\n`, { mode: SECRET_FILE_MODE });
    },
    remove(host, port) {
      const all = read();
      if (all[keyOf(host, port)] === undefined) return false;
      delete all[keyOf(host, port)];
      writeFileAtomic(path, `${JSON.stringify(all, null, 2)}\n`, { mode: SECRET_FILE_MODE });
      return true;
    },
    list() {
      return Object.entries(read()).map(([k, e]) => {
        const at = k.lastIndexOf(":");
        return { host: k.slice(0, at), port: Number(k.slice(at + 1)), ...e };
      });
    },
  };
}
