/**
 * The per-client limit on all MCP traffic (every JSON-RPC request: initialize, tools/list, ping,
 * notifications, tool calls, denied ones included), before anything else of the request runs. The
 * per-service limits only count tool calls; without this, a client could send unthrottled
 * `tools/list` calls and push what matters out of the rotated audit files. The limit is the
 * profile's `common.mcp.rate_limit` per minute, DEFAULT_MCP_RATE_LIMIT when the profile has none.
 *
 * Refusals are audited without flooding the audit trail themselves: the first refusal of a
 * client in a window writes a `rate.limited` line, later ones in the same window are counted and
 * that count is written with the next line (so nothing is dropped without a trace).
 */
import type { Principal } from "../auth/principal.ts";
import type { AuditLog } from "../logging/logger.ts";
import type { RateLimiter } from "../ratelimit/sliding-window.ts";
import type { ProfileStore } from "../rbac/profile-store.ts";

/** Requests per minute per client when the profile sets no `common.mcp.rate_limit`. */
export const DEFAULT_MCP_RATE_LIMIT = 600;

export interface TrafficLimitOptions {
  limiter: RateLimiter;
  profiles: ProfileStore;
  audit: AuditLog;
  now?: () => number;
}

/** Returns a check that answers 429 (JSON, Retry-After) when the client is over its limit, else undefined. */
export function createTrafficLimit(options: TrafficLimitOptions): (principal: Principal) => Response | undefined {
  const now = options.now ?? Date.now;
  /** Per client: when the last `rate.limited` line was written and how many refusals followed it. */
  const reported = new Map<string, { at: number; suppressed: number }>();
  return (principal) => {
    const limit = options.profiles.get(principal.profile)?.common?.mcp?.rate_limit ?? DEFAULT_MCP_RATE_LIMIT;
    const take = options.limiter.take(`mcp:${principal.clientName}`, limit);
    if (take.ok) return undefined;
    const t = now();
    const last = reported.get(principal.clientName);
    if (last !== undefined && t - last.at < 60_000) last.suppressed++;
    else {
      options.audit.event("rate.limited", {
        client: principal.clientName,
        surface: "mcp",
        limit,
        retryAfterSeconds: take.retryAfterSeconds,
        ...(last !== undefined && last.suppressed > 0 ? { refusedSinceLastLine: last.suppressed } : {}),
      });
      reported.set(principal.clientName, { at: t, suppressed: 0 });
    }
    return Response.json(
      {
        jsonrpc: "2.0",
        id: null,
        error: {
          code: -32000,
          message: `Rate limit: more than ${limit} MCP requests in a minute from client "${principal.clientName}"; retry in ${take.retryAfterSeconds} s`,
        },
      },
      { status: 429, headers: { "retry-after": String(take.retryAfterSeconds) } },
    );
  };
}
