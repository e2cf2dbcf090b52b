/**
 * Everything the auth surfaces share at run time: configured clients, keys, the revocation
 * store, the failure tracker, pending authorization codes, and the audit helpers. Built
 * once by the auth layer, which builds the bearer check over it (`requireBearer(state)`).
 */
import { join } from "node:path";
import type { ApplianceCore } from "../appliance/startup.ts";
import type { ResolvedClient } from "../clients/client-modes.ts";
import { type ClientPaths, clientPaths } from "../clients/client-paths.ts";
import { createFailureTracker, type FailureTracker } from "./brute-force.ts";
import { type CodeStore, createCodeStore } from "./oauth/code-store.ts";
import { openRevocationStore, type RevocationStore } from "./revocation-store.ts";
import type { VerifierContext } from "./token-verifier.ts";

/** File name of the revocation list in CRYPTO_SECRETS_DIR. */
export const REVOCATION_FILE = "revoked_jti.json";

/** Shared run-time state of the auth surfaces (one per running appliance). */
export interface AuthState {
  core: ApplianceCore;
  issuer: string;
  /** Canonical MCP resource URL: `${AUTH_ISSUER}${MCP_SERVER_URL_PATH}` (RFC 8707). */
  resourceUrl: string;
  /** RFC 9728 path-suffixed metadata URL, sent in every 401 challenge. */
  resourceMetadataUrl: string;
  oauthEnabled: boolean;
  clients: Map<string, ResolvedClient>;
  kid: string;
  revocations: RevocationStore;
  failures: FailureTracker;
  codes: CodeStore;
  /** Seconds since the epoch. */
  now: () => number;
  pathsOf(client: string): ClientPaths;
  verifier: VerifierContext;
  /** Audits a failure, counts it against the IP, audits a block when it starts one. */
  failure(ip: string, surface: string, reason: string, client?: string): void;
}

/** Builds the state for the configured clients. */
export function createAuthState(core: ApplianceCore, clients: readonly ResolvedClient[], kid: string): AuthState {
  const { config, paths, audit } = core;
  const now = () => Math.floor(Date.now() / 1000);
  const byName = new Map(clients.map((client) => [client.name, client]));
  const revocations = openRevocationStore(join(paths.secretsDir, REVOCATION_FILE), now);
  const failures = createFailureTracker({
    limit: config.AUTH_FAIL_LIMIT,
    windowSeconds: config.AUTH_FAIL_WINDOW_SECONDS,
    blockSeconds: config.AUTH_BLACKLIST_DURATION_SECONDS,
    now: () => Date.now(),
  });
  const issuer = config.AUTH_ISSUER;
  const resourceUrl = `${issuer}${config.MCP_SERVER_URL_PATH}`;
  return {
    core,
    issuer,
    resourceUrl,
    resourceMetadataUrl: `${issuer}/.well-known/oauth-protected-resource${config.MCP_SERVER_URL_PATH}`,
    oauthEnabled: config.AUTH_MODE !== "jwt",
    clients: byName,
    kid,
    revocations,
    failures,
    codes: createCodeStore(() => Date.now()),
    now,
    pathsOf: (client) => clientPaths(paths.clientsDir, client),
    verifier: {
      publicKey: core.keys.publicKey,
      issuer,
      audience: config.AUTH_AUDIENCE,
      resourceUrl,
      clients: byName,
      revocations,
      now,
    },
    failure(ip, surface, reason, client) {
      audit.event("auth.failure", { surface, reason, ip, ...(client === undefined ? {} : { client }) });
      if (failures.fail(ip)) {
        audit.event("auth.blocked", { ip, seconds: config.AUTH_BLACKLIST_DURATION_SECONDS });
        core.logger.warn({ ip }, "client IP blocked after repeated authentication failures");
      }
    },
  };
}
