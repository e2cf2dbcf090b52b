/**
 * Refresh tokens (OAuth 2.1 §4.3, RFC 9700 §4.14): opaque random strings, stored only as their
 * SHA-256 in secrets/oauth_refresh_tokens.json. Each sign-in starts a family; every use returns
 * a new refresh token of the same family and retires the old one (rotation). A retired token
 * presented again means two parties hold the family, so the whole family is revoked, the access
 * tokens it issued included (reuse detection). A refresh token is bound to the application it was
 * issued to, to the identity and to that identity's token generation.
 */
import { createHash, randomBytes } from "node:crypto";
import { objectEntries, openJsonStateFile } from "../json-state-file.ts";

/** File name of the refresh token table in CRYPTO_SECRETS_DIR. */
export const REFRESH_TOKENS_FILE = "oauth_refresh_tokens.json";

/** What a refresh token stands for. */
export interface RefreshGrant {
  family: string;
  /** The OAuth application (client_id) it was issued to. */
  appId: string;
  /** The AUTH_CLIENTS identity the tokens act as. */
  identity: string;
  /** The identity's token generation at sign-in. */
  generation: string;
  resource: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

interface StoredToken extends RefreshGrant {
  /** Set once the token was exchanged; presenting it again is a reuse. */
  usedAt?: number;
}

interface Table {
  tokens: Record<string, StoredToken>;
  /** Access tokens issued per family (jti → exp), revoked with the family. */
  families: Record<string, Record<string, number>>;
}

/** Outcome of exchanging a refresh token. */
export type RefreshUse =
  | { ok: true; grant: RefreshGrant }
  | { ok: false; reason: "unknown" | "expired" | "wrong_client" }
  | { ok: false; reason: "reused"; revoked: RevokedFamily };

/** A revoked family: the access tokens to add to the revocation list. */
export interface RevokedFamily {
  family: string;
  identity: string;
  accessTokens: Array<{ jti: string; exp: number }>;
}

/** The refresh token table. */
export interface RefreshTokenStore {
  /** Issues a refresh token; `family` continues a family, undefined starts one. */
  issue(grant: Omit<RefreshGrant, "family" | "expiresAt"> & { family?: string; ttlSeconds: number }): {
    token: string;
    family: string;
  };
  /** Records an access token issued in `family`, so a family revocation covers it. */
  recordAccess(family: string, jti: string, exp: number): void;
  /** Retires `token` for `appId` and returns its grant; a reuse revokes the family. */
  use(token: string, appId: string): RefreshUse;
  /** The family of `token` when it belongs to `appId`, for RFC 7009 revocation. */
  familyOf(token: string, appId: string): string | undefined;
  /** Revokes families matching `filter`; returns what was revoked. */
  revokeFamilies(filter: (grant: RefreshGrant) => boolean): RevokedFamily[];
}

const digest = (token: string) => createHash("sha256").update(token).digest("base64url");

function parseTable(data: unknown): Table {
  const table: Table = { tokens: {}, families: {} };
  const root = Object.fromEntries(objectEntries(data));
  for (const [hash, value] of objectEntries(root.tokens)) {
    const t = value as Partial<StoredToken> | null;
    if (
      typeof t?.family === "string" &&
      typeof t.appId === "string" &&
      typeof t.identity === "string" &&
      typeof t.generation === "string" &&
      typeof t.resource === "string" &&
      typeof t.expiresAt === "number"
    ) {
      table.tokens[hash] = t as StoredToken;
    }
  }
  for (const [family, value] of objectEntries(root.families)) {
    const jtis: Record<string, number> = {};
    for (const [jti, exp] of objectEntries(value)) if (typeof exp === "number") jtis[jti] = exp;
    table.families[family] = jtis;
  }
  return table;
}

/** Opens the table at `path`; `now` returns seconds since the epoch. */
export function openRefreshTokenStore(path: string, now: () => number): RefreshTokenStore {
  const file = openJsonStateFile(path, parseTable);
  const prune = (table: Table) => {
    const t = now();
    const live = new Set<string>();
    for (const [hash, token] of Object.entries(table.tokens)) {
      if (token.expiresAt < t) delete table.tokens[hash];
      else live.add(token.family);
    }
    for (const [family, jtis] of Object.entries(table.families)) {
      for (const [jti, exp] of Object.entries(jtis)) if (exp < t) delete jtis[jti];
      if (!live.has(family) && Object.keys(jtis).length === 0) delete table.families[family];
    }
  };
  const revokeWhere = (table: Table, match: (token: StoredToken) => boolean): RevokedFamily[] => {
    const families = new Map<string, string>();
    for (const token of Object.values(table.tokens)) if (match(token)) families.set(token.family, token.identity);
    for (const [hash, token] of Object.entries(table.tokens)) if (families.has(token.family)) delete table.tokens[hash];
    return [...families].map(([family, identity]) => {
      const accessTokens = Object.entries(table.families[family] ?? {}).map(([jti, exp]) => ({ jti, exp }));
      delete table.families[family];
      return { family, identity, accessTokens };
    });
  };
  return {
    issue(grant) {
      const token = randomBytes(32).toString("base64url");
      const family = grant.family ?? randomBytes(12).toString("base64url");
      file.update((table) => {
        prune(table);
        table.tokens[digest(token)] = {
          family,
          appId: grant.appId,
          identity: grant.identity,
          generation: grant.generation,
          resource: grant.resource,
          expiresAt: now() + grant.ttlSeconds,
        };
        table.families[family] ??= {};
      });
      return { token, family };
    },
    recordAccess(family, jti, exp) {
      file.update((table) => {
        const jtis = table.families[family] ?? {};
        jtis[jti] = exp;
        table.families[family] = jtis;
      });
    },
    use(token, appId) {
      const hash = digest(token);
      let result: RefreshUse = { ok: false, reason: "unknown" };
      file.update((table) => {
        const stored = table.tokens[hash];
        if (stored === undefined) return;
        if (stored.appId !== appId) {
          result = { ok: false, reason: "wrong_client" };
          return;
        }
        if (stored.usedAt !== undefined) {
          const [revoked] = revokeWhere(table, (t) => t.family === stored.family);
          if (revoked !== undefined) result = { ok: false, reason: "reused", revoked };
          return;
        }
        if (stored.expiresAt < now()) {
          result = { ok: false, reason: "expired" };
          return;
        }
        stored.usedAt = now();
        const { usedAt: _used, ...grant } = stored;
        result = { ok: true, grant };
      });
      return result;
    },
    familyOf(token, appId) {
      const stored = file.read().tokens[digest(token)];
      return stored !== undefined && stored.appId === appId ? stored.family : undefined;
    },
    revokeFamilies(filter) {
      let revoked: RevokedFamily[] = [];
      file.update((table) => {
        revoked = revokeWhere(table, filter);
      });
      return revoked;
    },
  };
}
