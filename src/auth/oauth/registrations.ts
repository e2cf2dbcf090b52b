/**
 * Dynamically registered applications (RFC 7591), kept in secrets/oauth_registrations.json so
 * they survive restarts. They are public clients (no secret; PKCE protects the code), known
 * by a random client_id; one unused for AUTH_OAUTH_REGISTRATION_UNUSED_DAYS is deleted.
 */
import { randomBytes } from "node:crypto";
import { objectEntries, openJsonStateFile } from "../json-state-file.ts";

/** File name of the registration table in CRYPTO_SECRETS_DIR. */
export const REGISTRATIONS_FILE = "oauth_registrations.json";
/** Prefix of registered client ids, so the audit log tells them apart at a glance. */
const REGISTERED_ID_PREFIX = "dcr-";
/** Registrations kept at most; the least recently used one goes first. */
const MAX_REGISTRATIONS = 1000;

/** One registered application. */
export interface Registration {
  clientId: string;
  clientName: string;
  redirectUris: string[];
  /** Seconds since the epoch. */
  createdAt: number;
  lastUsedAt: number;
}

/** The registration table. */
export interface RegistrationStore {
  add(clientName: string, redirectUris: string[]): Registration;
  find(clientId: string): Registration | undefined;
  /** Marks the registration as used now (a token was issued to it). */
  touch(clientId: string): void;
}

function parseTable(data: unknown): Record<string, Registration> {
  const table: Record<string, Registration> = {};
  for (const [id, value] of objectEntries(data)) {
    const r = value as Partial<Registration> | null;
    if (
      typeof r?.clientId === "string" &&
      r.clientId === id &&
      typeof r.clientName === "string" &&
      Array.isArray(r.redirectUris) &&
      r.redirectUris.every((u) => typeof u === "string") &&
      typeof r.createdAt === "number" &&
      typeof r.lastUsedAt === "number"
    ) {
      table[id] = r as Registration;
    }
  }
  return table;
}

/** Opens the table at `path`; `now` returns seconds since the epoch. */
export function openRegistrationStore(path: string, unusedDays: number, now: () => number): RegistrationStore {
  const file = openJsonStateFile(path, parseTable);
  const stale = (r: Registration) => r.lastUsedAt < now() - unusedDays * 86_400;
  return {
    add(clientName, redirectUris) {
      const t = now();
      const registration: Registration = {
        clientId: `${REGISTERED_ID_PREFIX}${randomBytes(16).toString("base64url")}`,
        clientName,
        redirectUris,
        createdAt: t,
        lastUsedAt: t,
      };
      file.update((table) => {
        for (const [id, r] of Object.entries(table)) if (stale(r)) delete table[id];
        const byAge = Object.values(table).sort((a, b) => a.lastUsedAt - b.lastUsedAt);
        while (byAge.length >= MAX_REGISTRATIONS) delete table[byAge.shift()!.clientId];
        table[registration.clientId] = registration;
      });
      return registration;
    },
    find(clientId) {
      const r = file.read()[clientId];
      return r === undefined || stale(r) ? undefined : r;
    },
    touch(clientId) {
      file.update((table) => {
        const r = table[clientId];
        if (r !== undefined) r.lastUsedAt = now();
      });
    },
  };
}
