/**
 * When a bearer token's success is audited: at its first use, then at most once per interval.
 * An agent presents the same token on every request; one `auth.success` line per request would
 * let ordinary traffic rotate the decisions that matter out of the audit files.
 */

/** Seconds between two `auth.success` lines of the same token. */
export const SUCCESS_AUDIT_INTERVAL_SECONDS = 900;
/** Tokens remembered at once; the oldest is forgotten first (and audited again at its next use). */
const REMEMBERED_TOKENS = 4096;

/** Decides per token id whether this use is audited. */
export interface SuccessAuditGate {
  shouldAudit(tokenId: string): boolean;
}

/** A gate over `now` (milliseconds since the epoch). */
export function createSuccessAuditGate(now: () => number): SuccessAuditGate {
  const lastAudited = new Map<string, number>();
  return {
    shouldAudit(tokenId) {
      const t = now();
      const last = lastAudited.get(tokenId);
      if (last !== undefined && t - last < SUCCESS_AUDIT_INTERVAL_SECONDS * 1000) return false;
      lastAudited.delete(tokenId);
      if (lastAudited.size >= REMEMBERED_TOKENS) lastAudited.delete(lastAudited.keys().next().value as string);
      lastAudited.set(tokenId, t);
      return true;
    },
  };
}
