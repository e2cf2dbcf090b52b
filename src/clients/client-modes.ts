/**
 * The clients the appliance serves, with each one's effective authentication mode
 * (docs/authentication.md, "Declaring clients"). In jwt or oauth2 global mode every
 * client follows the global mode; in jwt+oauth2 the 4th AUTH_CLIENTS field decides, and a
 * client without it accepts both kinds.
 */
import type { TokenKind } from "../auth/principal.ts";
import type { ClientAuthMode, ClientEntry } from "../config/clients.ts";
import { profileExists } from "../rbac/profile-sync.ts";

/** A configured client with its mode resolved. */
export interface ResolvedClient {
  name: string;
  subject: string;
  profile: string;
  mode: ClientAuthMode;
}

/** Thrown at startup when a client names a profile that has no profiles/<name>.json. */
class ClientProfileMissingError extends Error {
  readonly code = "CLIENT_PROFILE_MISSING";
  constructor(readonly missing: Array<{ client: string; profile: string }>) {
    super(
      `AUTH_CLIENTS: ${missing
        .map((m) => `client "${m.client}" names profile "${m.profile}", which has no profiles/${m.profile}.json`)
        .join("; ")}. Create the profile file or use one of admin / operator / auditor, then start again.`,
    );
    this.name = "ClientProfileMissingError";
  }
}

/** Resolves every client's mode and checks that its profile exists; throws ClientProfileMissingError. */
export function resolveClients(
  entries: readonly ClientEntry[],
  globalMode: ClientAuthMode,
  profilesDir: string,
): ResolvedClient[] {
  const missing = entries
    .filter((entry) => !profileExists(profilesDir, entry.profile))
    .map((entry) => ({ client: entry.name, profile: entry.profile }));
  if (missing.length > 0) throw new ClientProfileMissingError(missing);
  return entries.map((entry) => resolveClient(entry, globalMode));
}

/** One client with its effective mode: the global mode, or in jwt+oauth2 its own 4th field. */
export function resolveClient(entry: ClientEntry, globalMode: ClientAuthMode): ResolvedClient {
  return {
    name: entry.name,
    subject: entry.subject,
    profile: entry.profile,
    mode: globalMode === "jwt+oauth2" ? (entry.mode ?? "jwt+oauth2") : globalMode,
  };
}

/**
 * The token kinds each mode allows: the one place a mode string is interpreted. AUTH_MODE and
 * each client's mode are looked up here once, never compared as strings elsewhere.
 */
const TOKEN_KINDS: Record<ClientAuthMode, ReadonlySet<TokenKind>> = {
  jwt: new Set(["jwt"]),
  oauth2: new Set(["oauth2"]),
  "jwt+oauth2": new Set(["jwt", "oauth2"]),
};

/** The token kinds a mode allows. */
export function tokenKinds(mode: ClientAuthMode): ReadonlySet<TokenKind> {
  return TOKEN_KINDS[mode];
}

/** True when the client may present a token of this kind. */
export function acceptsKind(client: ResolvedClient, kind: TokenKind): boolean {
  return TOKEN_KINDS[client.mode].has(kind);
}
