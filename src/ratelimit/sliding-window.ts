/**
 * Per-client, per-service sliding-window rate limits (the per-minute limits of a profile,
 * docs/profiles.md: requests per minute per client for AXL / SSH / RIS / phone / CUPI / report). A true sliding log, not fixed buckets,
 * so a burst at a minute boundary cannot double the allowance. The clock is injected.
 */

/** The services that carry a limit. */
export type Bucket = "axl" | "ssh" | "ris" | "phone" | "cupi" | "serviceability" | "logs" | "report";

/**
 * The limiter key of one client's budget for a service (and product: each product's nodes have
 * their own budget; `report` has none). Dispatch, the budget report and handlers that spend a
 * slot themselves must all use it, or one budget would be counted under two keys.
 */
export function budgetKey(client: string, bucket: Bucket, product: string | undefined): string {
  return `${client}:${bucket}:${product ?? "-"}`;
}

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

/**
 * One key's log: call times in order, the live ones from `head` on. Expired times are skipped by
 * moving `head` and only cut off once they are the larger part, so a call costs O(1) amortised
 * instead of copying the whole window (at a high limit, tens of thousands of times per call).
 */
interface KeyLog {
  times: number[];
  head: number;
}

/** Creates an in-memory limiter (one per appliance). */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const logs = new Map<string, KeyLog>();
  /** The key's log with the times that left the window dropped; undefined when none is left. */
  const live = (key: string, t: number): KeyLog | undefined => {
    const log = logs.get(key);
    if (log === undefined) return undefined;
    while (log.head < log.times.length && (log.times[log.head] as number) <= t - windowMs) log.head++;
    if (log.head === log.times.length) {
      logs.delete(key);
      return undefined;
    }
    if (log.head > 64 && log.head * 2 > log.times.length) {
      log.times = log.times.slice(log.head);
      log.head = 0;
    }
    return log;
  };
  const size = (log: KeyLog | undefined) => (log === undefined ? 0 : log.times.length - log.head);
  return {
    take(key, limit) {
      const t = now();
      const log = live(key, t);
      if (size(log) >= limit) {
        const oldest = log?.times[log.times.length - limit] ?? t;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - t) / 1000)) };
      }
      if (log === undefined) logs.set(key, { times: [t], head: 0 });
      else log.times.push(t);
      return { ok: true, remaining: limit - size(log ?? logs.get(key)) };
    },
    remaining(key, limit) {
      return Math.max(0, limit - size(live(key, now())));
    },
  };
}
