/**
 * Backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter") for AXL
 * throttling: HTTP 503 when the change-notification queue is over 1,500 and the "Maximum AXL
 * Memory Allocation Consumed" fault (AXL Developer Guide, "AXL throttling"). Clock and randomness
 * are injected so tests run instantly and deterministically.
 */

/** Retry settings. */
export interface RetryPolicy {
  /** Total attempts including the first. */
  attempts: number;
  baseMs: number;
  capMs: number;
}

/** Cisco advises "sleep several seconds and retry"; four tries reach about 16 s at most. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 2_000, capMs: 16_000 };

/** Delay before retry number `retry` (0-based): random in [0, min(cap, base·2^retry)], Retry-After honoured. */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs !== undefined && retryAfterMs > jittered ? Math.min(retryAfterMs, policy.capMs * 4) : jittered;
}

/** Parses a Retry-After header (seconds form only, RFC 9110 section 10.2.3). */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const s = Number(header.trim());
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}
