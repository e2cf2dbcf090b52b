/**
 * Everything the auth surfaces share at run time: configured clients, keys, the revocation
 * store, the failure tracker, pending authorization codes, and the audit helpers. Built
 * once by the auth layer, which builds the bearer check over it (`requireBearer(state)`).
 */
import { join } from "node:path";
import type { ApplianceCore } from "../appliance/startup.ts";
import { type ResolvedClient, tokenKinds } from "../clients/client-modes.ts";
import { type ClientPaths, clientPaths } from "../clients/client-paths.ts";
import { resolveFromRoot } from "../config/load.ts";
import { createFailureTracker, type FailureTracker } from "./brute-force.ts";
import { objectEntries, openJsonStateFile } from "./json-state-file.ts";
import { type ClientMetadataFetcher, createClientMetadataFetcher } from "./oauth/client-metadata.ts";
import { type CodeStore, createCodeStore } from "./oauth/code-store.ts";
import { CONSENTS_FILE, type ConsentStore, openConsentStore } from "./oauth/consents.ts";
import { openRefreshTokenStore, REFRESH_TOKENS_FILE, type RefreshTokenStore } from "./oauth/refresh-tokens.ts";
import { openRegistrationStore, REGISTRATIONS_FILE, type RegistrationStore } from "./oauth/registrations.ts";
import type { TokenKind } from "./principal.ts";
import { loadRetiredKeys, RETIRED_KEYS_FILE } from "./retired-keys.ts";
import { openRevocationStore, type RevocationStore } from "./revocation-store.ts";
import { GENERATIONS_FILE, type GenerationStore, openGenerationStore } from "./token-generations.ts";
import { type KindVerifier, kindVerifiers, type VerifierContext } from "./token-verifier.ts";

/** File name of the revocation list in CRYPTO_SECRETS_DIR. */
export const REVOCATION_FILE = "revoked_jti.json";
/** File name of the blocked client IPs in CRYPTO_SECRETS_DIR. */
const BLOCKS_FILE = "auth_blocked_ips.json";

/** Shared run-time state of the auth surfaces (one per running appliance). */
export interface AuthState {
  core: ApplianceCore;
  issuer: string;
  /** Canonical MCP resource URL: `${AUTH_ISSUER}${MCP_SERVER_URL_PATH}` (RFC 8707). */
  resourceUrl: string;
  /** RFC 9728 path-suffixed metadata URL, sent in every 401 challenge. */
  resourceMetadataUrl: string;
  /** The token kinds AUTH_MODE allows. */
  kinds: ReadonlySet<TokenKind>;
  oauthEnabled: boolean;
  clients: Map<string, ResolvedClient>;
  kid: string;
  revocations: RevocationStore;
  generations: GenerationStore;
  failures: FailureTracker;
  codes: CodeStore;
  refreshTokens: RefreshTokenStore;
  consents: ConsentStore;
  /** Dynamic Client Registration, when AUTH_OAUTH_DYNAMIC_REGISTRATION is on. */
  registrations: RegistrationStore | undefined;
  /** Client ID Metadata Documents, when AUTH_OAUTH_CLIENT_METADATA_DOCUMENTS is on. */
  metadata: ClientMetadataFetcher | undefined;
  /** Seconds since the epoch. */
  now: () => number;
  pathsOf(client: string): ClientPaths;
  verifier: VerifierContext;
  /** One verifier per allowed token kind, tried in turn by the bearer check. */
  verifiers: readonly KindVerifier[];
  /** Audits a failure, counts it against the IP, audits a block when it starts one. */
  failure(ip: string, surface: string, reason: string, client?: string): void;
}

/** Builds the state for the configured clients. */
export function createAuthState(core: ApplianceCore, clients: readonly ResolvedClient[], kid: string): AuthState {
  const { config, paths, audit } = core;
  const now = () => Math.floor(Date.now() / 1000);
  const byName = new Map(clients.map((client) => [client.name, client]));
  const revocations = openRevocationStore(join(paths.secretsDir, REVOCATION_FILE), now);
  const generations = openGenerationStore(join(paths.secretsDir, GENERATIONS_FILE));
  const blocks = openJsonStateFile(join(paths.secretsDir, BLOCKS_FILE), (data) => {
    const kept: Record<string, number> = {};
    for (const [ip, until] of objectEntries(data))
      if (typeof until === "number" && until > Date.now()) kept[ip] = until;
    return kept;
  });
  const failures = createFailureTracker({
    limit: config.AUTH_FAIL_LIMIT,
    windowSeconds: config.AUTH_FAIL_WINDOW_SECONDS,
    blockSeconds: config.AUTH_BLACKLIST_DURATION_SECONDS,
    now: () => Date.now(),
    saved: {
      load: () => new Map(Object.entries(blocks.read())),
      save: (active) =>
        blocks.update((data) => {
          for (const key of Object.keys(data)) delete data[key];
          const cutoff = Date.now();
          for (const [ip, until] of active) if (until > cutoff) data[ip] = until;
        }),
    },
  });
  const issuer = config.AUTH_ISSUER;
  const resourceUrl = `${issuer}${config.MCP_SERVER_URL_PATH}`;
  const kinds = tokenKinds(config.AUTH_MODE);
  const verifier: VerifierContext = {
    publicKey: core.keys.publicKey,
    issuer,
    audience: config.AUTH_AUDIENCE,
    resourceUrl,
    clients: byName,
    revocations,
    generations,
    retired: loadRetiredKeys(join(paths.secretsDir, RETIRED_KEYS_FILE), now()),
    now,
  };
  return {
    core,
    issuer,
    resourceUrl,
    resourceMetadataUrl: `${issuer}/.well-known/oauth-protected-resource${config.MCP_SERVER_URL_PATH}`,
    kinds,
    oauthEnabled: kinds.has("oauth2"),
    clients: byName,
    kid,
    revocations,
    generations,
    failures,
    codes: createCodeStore(() => Date.now()),
    refreshTokens: openRefreshTokenStore(join(paths.secretsDir, REFRESH_TOKENS_FILE), now),
    consents: openConsentStore(join(paths.secretsDir, CONSENTS_FILE)),
    registrations: config.AUTH_OAUTH_DYNAMIC_REGISTRATION
      ? openRegistrationStore(
          join(paths.secretsDir, REGISTRATIONS_FILE),
          config.AUTH_OAUTH_REGISTRATION_UNUSED_DAYS,
          now,
        )
      : undefined,
    metadata: config.AUTH_OAUTH_CLIENT_METADATA_DOCUMENTS
      ? createClientMetadataFetcher({
          privateHosts: config.AUTH_OAUTH_CLIENT_METADATA_PRIVATE_HOSTS,
          caFile:
            config.AUTH_OAUTH_CLIENT_METADATA_CA_FILE === ""
              ? ""
              : resolveFromRoot(config, config.AUTH_OAUTH_CLIENT_METADATA_CA_FILE),
          now: () => Date.now(),
        })
      : undefined,
    now,
    pathsOf: (client) => clientPaths(paths.clientsDir, client),
    verifier,
    verifiers: kindVerifiers(kinds, verifier),
    failure(ip, surface, reason, client) {
      audit.event("auth.failure", { surface, reason, ip, ...(client === undefined ? {} : { client }) });
      if (failures.fail(ip)) {
        audit.event("auth.blocked", { ip, seconds: config.AUTH_BLACKLIST_DURATION_SECONDS });
        core.logger.warn({ ip }, "client IP blocked after repeated authentication failures");
      }
    },
  };
}
