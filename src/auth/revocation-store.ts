/**
 * Revoked token ids (`jti`), kept in secrets/revoked_jti.json so a revocation survives
 * restarts (docs/authentication.md, "Revoking access"). Each entry keeps the token's expiry and is dropped once the token
 * would have expired anyway, so the file does not grow forever. The file is shared with the
 * `token revoke` command: the server reloads it whenever its
 * mtime, size or inode changes (an atomic rename always gives a new inode).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";

/** The persistent list of revoked token ids. */
export interface RevocationStore {
  /** True when `jti` was revoked (reloads the file first if another process changed it). */
  isRevoked(jti: string): boolean;
  /** Revokes `jti` until `expiresAt` (seconds since the epoch), then persists. */
  revoke(jti: string, expiresAt: number): void;
}

/** Opens the store at `path`; `now` returns seconds since the epoch. */
export function openRevocationStore(path: string, now: () => number): RevocationStore {
  let entries = new Map<string, number>();
  let loadedStamp = "";
  const stamp = () => {
    if (!existsSync(path)) return "none";
    const stat = statSync(path);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  };
  const reload = () => {
    const current = stamp();
    if (current === loadedStamp) return;
    loadedStamp = current;
    entries = current === "none" ? new Map() : parse(readFileSync(path, "utf8"));
  };
  return {
    isRevoked(jti) {
      reload();
      return entries.has(jti);
    },
    revoke(jti, expiresAt) {
      reload();
      const cutoff = now();
      for (const [id, exp] of entries) if (exp < cutoff) entries.delete(id);
      entries.set(jti, expiresAt);
      writeFileAtomic(path, `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`, { mode: SECRET_FILE_MODE });
      loadedStamp = stamp();
    },
  };
}

function parse(text: string): Map<string, number> {
  try {
    const data: unknown = JSON.parse(text);
    if (data === null || typeof data !== "object" || Array.isArray(data)) return new Map();
    return new Map(
      Object.entries(data as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === "number"),
    );
  } catch {
    // A damaged file must not stop authentication; atomic writes make this unlikely.
    return new Map();
  }
}
