/**
 * Brute-force protection (AUTH_FAIL_LIMIT, AUTH_FAIL_WINDOW_SECONDS,
 * AUTH_BLACKLIST_DURATION_SECONDS): failures are counted per client IP in a sliding window;
 * reaching the limit blocks the IP on every auth surface (bearer, /token, /revoke, login form).
 * Blocks are kept in a file (secrets/auth_blocked_ips.json) so a restart does not lift them;
 * the failure counts before a block are memory only.
 */

export interface FailurePolicy {
  limit: number;
  windowSeconds: number;
  blockSeconds: number;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Where blocks survive restarts (IP → end of the block, ms since the epoch). */
  saved?: SavedBlocks;
}

/** Persistent storage of the active blocks. */
export interface SavedBlocks {
  load(): Map<string, number>;
  save(blocks: ReadonlyMap<string, number>): void;
}

/** Per-IP failure counting and blocking. */
export interface FailureTracker {
  /** Seconds the IP stays blocked, or 0. */
  blockedFor(ip: string): number;
  /** Counts one failure; returns true when this failure started a block. */
  fail(ip: string): boolean;
}

/** In-memory tracker; entries are dropped when their window and block have passed. */
export function createFailureTracker(policy: FailurePolicy): FailureTracker {
  const failures = new Map<string, number[]>();
  const blockedUntil = new Map<string, number>(policy.saved?.load() ?? []);
  const prune = (now: number) => {
    for (const [ip, until] of blockedUntil) if (until <= now) blockedUntil.delete(ip);
    for (const [ip, times] of failures) {
      const recent = times.filter((t) => t > now - policy.windowSeconds * 1000);
      if (recent.length === 0) failures.delete(ip);
      else failures.set(ip, recent);
    }
  };
  return {
    blockedFor(ip) {
      const until = blockedUntil.get(ip) ?? 0;
      const left = until - policy.now();
      return left > 0 ? Math.ceil(left / 1000) : 0;
    },
    fail(ip) {
      const now = policy.now();
      prune(now);
      if ((blockedUntil.get(ip) ?? 0) > now) return false;
      const times = [...(failures.get(ip) ?? []), now];
      if (times.length >= policy.limit) {
        failures.delete(ip);
        blockedUntil.set(ip, now + policy.blockSeconds * 1000);
        policy.saved?.save(blockedUntil);
        return true;
      }
      failures.set(ip, times);
      return false;
    },
  };
}
