/**
 * Authorization codes (OAuth 2.1 §4.1): random, single-use, valid 60 seconds, bound to the
 * client, the redirect URI, the PKCE S256 challenge and the requested resource. A code
 * presented twice is refused, and the token issued from its first use is reported so the
 * caller can revoke it (OAuth 2.1 §4.1.3). Only the client a code was issued to can consume it:
 * another client's attempt is refused without touching the code.
 */
import { randomBytes } from "node:crypto";

/** Lifetime of a code, in milliseconds. */
export const CODE_TTL_MS = 60_000;

/** What an issued code is bound to. */
export interface PendingCode {
  /** The application (client_id) the code was issued to. */
  clientName: string;
  /** The AUTH_CLIENTS identity the person signed in as. */
  identity: string;
  redirectUri: string;
  codeChallenge: string;
  resource: string;
  expiresAt: number;
}

/** A redeemed code, or why it was refused (with the token to revoke on reuse). */
export type RedeemResult =
  | { ok: true; grant: PendingCode; bindIssued(jti: string, expiresAt: number): void }
  | {
      ok: false;
      reason: "unknown_code" | "expired_code" | "code_reused" | "code_for_other_client";
      reusedToken?: { jti: string; exp: number };
    };

/** Issues and redeems authorization codes. */
export interface CodeStore {
  issue(grant: Omit<PendingCode, "expiresAt">): string;
  /** Redeems `code` for `clientName`; a code of another client is refused and stays usable by its own. */
  redeem(code: string, clientName: string): RedeemResult;
}

/** In-memory store; `now` returns milliseconds. */
export function createCodeStore(now: () => number): CodeStore {
  const pending = new Map<string, PendingCode>();
  const used = new Map<string, { until: number; clientName: string; token?: { jti: string; exp: number } }>();
  const prune = () => {
    const t = now();
    for (const [code, grant] of pending) if (grant.expiresAt < t) pending.delete(code);
    for (const [code, mark] of used) if (mark.until < t) used.delete(code);
  };
  return {
    issue(grant) {
      prune();
      const code = randomBytes(32).toString("base64url");
      pending.set(code, { ...grant, expiresAt: now() + CODE_TTL_MS });
      return code;
    },
    redeem(code, clientName) {
      prune();
      const grant = pending.get(code);
      if (grant !== undefined && grant.clientName !== clientName) return { ok: false, reason: "code_for_other_client" };
      const mark = used.get(code);
      if (mark !== undefined) {
        return mark.clientName === clientName
          ? { ok: false, reason: "code_reused", reusedToken: mark.token }
          : { ok: false, reason: "code_for_other_client" };
      }
      if (grant === undefined) return { ok: false, reason: "unknown_code" };
      pending.delete(code);
      const record: { until: number; clientName: string; token?: { jti: string; exp: number } } = {
        until: now() + 10 * CODE_TTL_MS,
        clientName,
      };
      used.set(code, record);
      if (grant.expiresAt < now()) return { ok: false, reason: "expired_code" };
      return {
        ok: true,
        grant,
        bindIssued(jti, exp) {
          record.token = { jti, exp };
        },
      };
    },
  };
}
