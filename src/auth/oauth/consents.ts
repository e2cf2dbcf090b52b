/**
 * Consent decisions (docs/authentication.md, "Applications and identities"): a person who signed
 * in as an AUTH_CLIENTS identity allowed an application (a registered or metadata-document
 * client) to act as that identity. Kept in secrets/oauth_consents.json; while it stands, the
 * next sign-in of the same identity for the same application skips the question. Withdrawing
 * it (`ai-bridge consent withdraw`) also revokes the application's refresh tokens for that identity.
 */
import { objectEntries, openJsonStateFile } from "../json-state-file.ts";

/** File name of the consent table in CRYPTO_SECRETS_DIR. */
export const CONSENTS_FILE = "oauth_consents.json";

/** One remembered decision. */
export interface Consent {
  identity: string;
  appId: string;
  appName: string;
  /** Seconds since the epoch. */
  grantedAt: number;
}

/** The consent table. */
export interface ConsentStore {
  has(identity: string, appId: string): boolean;
  grant(consent: Consent): void;
  /** Removes the decision; returns false when there was none. */
  withdraw(identity: string, appId: string): boolean;
  list(): Consent[];
}

const keyOf = (identity: string, appId: string) => `${identity} ${appId}`;

function parseTable(data: unknown): Record<string, Consent> {
  const table: Record<string, Consent> = {};
  for (const [key, value] of objectEntries(data)) {
    const c = value as Partial<Consent> | null;
    if (
      typeof c?.identity === "string" &&
      typeof c.appId === "string" &&
      typeof c.appName === "string" &&
      typeof c.grantedAt === "number" &&
      key === keyOf(c.identity, c.appId)
    ) {
      table[key] = c as Consent;
    }
  }
  return table;
}

/** Opens the table at `path`. */
export function openConsentStore(path: string): ConsentStore {
  const file = openJsonStateFile(path, parseTable);
  return {
    has: (identity, appId) => file.read()[keyOf(identity, appId)] !== undefined,
    grant(consent) {
      file.update((table) => {
        table[keyOf(consent.identity, consent.appId)] = consent;
      });
    },
    withdraw(identity, appId) {
      const key = keyOf(identity, appId);
      if (file.read()[key] === undefined) return false;
      file.update((table) => {
        delete table[key];
      });
      return true;
    },
    list: () => Object.values(file.read()),
  };
}
