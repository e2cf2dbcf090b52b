/**
 * The authentication layer: at startup it resolves AUTH_CLIENTS against the profiles,
 * synchronises clients/ (lifecycle, tokens, secrets), then mounts the OAuth 2.1 authorization
 * server (metadata, /authorize, /token, /revoke, /register) and returns the bearer check, which the
 * composition root (src/appliance/layers.ts) hands to the MCP layer.
 */
import type { MiddlewareHandler } from "hono";
import type { ApplianceCore } from "../appliance/startup.ts";
import { resolveClients } from "../clients/client-modes.ts";
import { syncClients } from "../clients/client-sync.ts";
import type { App, AppEnv } from "../http/app.ts";
import { createAuthState } from "./auth-state.ts";
import { requireBearer } from "./bearer-middleware.ts";
import { credentialSteps } from "./client-credentials.ts";
import { mountAuthorizeRoute } from "./oauth/authorize-route.ts";
import { mountMetadataRoutes } from "./oauth/metadata-routes.ts";
import { mountRegisterRoute } from "./oauth/register-route.ts";
import { mountRevokeRoute } from "./oauth/revoke-route.ts";
import { mountTokenRoute } from "./oauth/token-route.ts";
import { keyId } from "./token-signer.ts";

/** The bearer check for the MCP endpoint: sets `c.get("principal")` or answers 401/429. */
export type BearerCheck = MiddlewareHandler<AppEnv>;

/** Mounts the auth routes; throws ClientProfileMissingError when a client names a missing profile. */
export async function mountAuth(app: App, core: ApplianceCore): Promise<BearerCheck> {
  const { config, paths, logger } = core;
  const clients = resolveClients(config.AUTH_CLIENTS, config.AUTH_MODE, paths.profilesDir);
  if (clients.length === 0) logger.warn("AUTH_CLIENTS is empty: no client can authenticate");
  const kid = await keyId(core.keys.publicKey);
  const state = createAuthState(core, clients, kid);
  const report = await syncClients({
    clientsDir: paths.clientsDir,
    clients,
    credentials: credentialSteps(core, kid, state.revocations, state.generations),
    audit: core.audit,
  });
  logger.info(
    { created: report.created, kept: report.kept, purged: report.purged, mode: config.AUTH_MODE },
    "clients synchronised",
  );
  mountMetadataRoutes(app, state);
  if (state.oauthEnabled) {
    mountAuthorizeRoute(app, state);
    mountTokenRoute(app, state);
    mountRevokeRoute(app, state);
    mountRegisterRoute(app, state);
  }
  return requireBearer(state);
}
