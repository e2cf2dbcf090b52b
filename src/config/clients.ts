/**
 * `AUTH_CLIENTS` syntax (docs/authentication.md, "Declaring clients"): `name:subject:profile` or, in hybrid
 * mode, `name:subject:profile:auth_mode`, comma-separated. Whether a profile file exists and
 * whether a 4th field is allowed are checked later, where the profiles and AUTH_MODE are known.
 */
import { CONFIG_PATTERNS } from "../util/patterns.ts";

export type ClientAuthMode = "jwt" | "oauth2" | "jwt+oauth2";
const CLIENT_AUTH_MODES: readonly ClientAuthMode[] = ["jwt", "oauth2", "jwt+oauth2"];

/** One declared client. */
export interface ClientEntry {
  name: string;
  subject: string;
  profile: string;
  /** The 4th field, when given. */
  mode?: ClientAuthMode;
}

export type ParseClientsResult = { ok: true; clients: ClientEntry[] } | { ok: false; errors: string[] };

/** Parses the raw value; every problem is reported, not just the first. */
export function parseClients(raw: string): ParseClientsResult {
  const errors: string[] = [];
  const clients: ClientEntry[] = [];
  const seen = new Set<string>();
  const items = raw
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  for (const item of items) {
    const fields = item.split(":").map((field) => field.trim());
    if (fields.length !== 3 && fields.length !== 4) {
      errors.push(`entry "${item}" must have 3 fields (name:subject:profile) or 4 (…:auth_mode)`);
      continue;
    }
    const [name = "", subject = "", profile = "", mode] = fields;
    if (!CONFIG_PATTERNS.clientName.test(name)) {
      errors.push(`client name "${name}" must use only letters, digits and hyphens`);
      continue;
    }
    if (subject === "") {
      errors.push(`client "${name}" has an empty subject`);
      continue;
    }
    if (!CONFIG_PATTERNS.profileName.test(profile)) {
      errors.push(`client "${name}" names profile "${profile}", which is not a valid profile name`);
      continue;
    }
    if (mode !== undefined && !CLIENT_AUTH_MODES.includes(mode as ClientAuthMode)) {
      errors.push(`client "${name}" has auth mode "${mode}"; use ${CLIENT_AUTH_MODES.join(" / ")}`);
      continue;
    }
    const key = name.toLowerCase();
    if (seen.has(key)) {
      errors.push(`client "${name}" is declared twice`);
      continue;
    }
    seen.add(key);
    clients.push(
      mode === undefined ? { name, subject, profile } : { name, subject, profile, mode: mode as ClientAuthMode },
    );
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, clients };
}
