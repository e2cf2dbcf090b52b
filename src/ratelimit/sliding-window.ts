/**
 * Per-client, per-service sliding-window rate limits (the per-minute limits of a profile,
 * docs/profiles.md: requests per minute per client for AXL / SSH / RIS / phone / CUPI / report). A true sliding log, not fixed buckets,
 * so a burst at a minute boundary cannot double the allowance. The clock is injected.
 */

/** The services that carry a limit. */
export type Bucket = "axl" | "ssh" | "ris" | "phone" | "cupi" | "serviceability" | "logs" | "report";

/** Outcome of one take: granted (with what remains) or refused with the wait in seconds. */
export type Take = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Consumes one slot of `key` under `limit` per window, or says when one frees. */
  take(key: string, limit: number): Take;
  /** Slots left for `key` without consuming any. */
  remaining(key: string, limit: number): number;
}

export interface RateLimiterOptions {
  windowMs?: number;
  now?: () => number;
}

/** Creates an in-memory limiter (one per appliance). */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const logs = new Map<string, number[]>();
  const live = (key: string, t: number): number[] => {
    const log = logs.get(key) ?? [];
    let drop = 0;
    while (drop < log.length && (log[drop] as number) <= t - windowMs) drop++;
    const kept = drop === 0 ? log : log.slice(drop);
    if (kept.length === 0) logs.delete(key);
    else logs.set(key, kept);
    return kept;
  };
  return {
    take(key, limit) {
      const t = now();
      const log = live(key, t);
      if (log.length >= limit) {
        const oldest = log[log.length - limit] ?? t;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - t) / 1000)) };
      }
      log.push(t);
      logs.set(key, log);
      return { ok: true, remaining: limit - log.length };
    },
    remaining(key, limit) {
      return Math.max(0, limit - live(key, now()).length);
    },
  };
}
