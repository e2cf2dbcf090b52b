/**
 * The authentication layer (issue #3): at startup it resolves AUTH_CLIENTS against the
 * profiles, synchronises clients/ (lifecycle, tokens, secrets), then mounts the OAuth 2.1
 * authorization server (metadata, /authorize, /token, /revoke) and makes `requireBearer`
 * available to the layers mounted after it.
 */
import type { ApplianceCore, Layer } from "../appliance/startup.ts";
import { resolveClients } from "../clients/client-modes.ts";
import { syncClients } from "../clients/client-sync.ts";
import type { App } from "../http/app.ts";
import { createAuthState } from "./auth-state.ts";
import { registerAuthState } from "./bearer-middleware.ts";
import { credentialSteps } from "./client-credentials.ts";
import { mountAuthorizeRoute } from "./oauth/authorize-route.ts";
import { mountMetadataRoutes } from "./oauth/metadata-routes.ts";
import { mountRevokeRoute } from "./oauth/revoke-route.ts";
import { mountTokenRoute } from "./oauth/token-route.ts";
import { keyId } from "./token-signer.ts";

/** The layer; throws ClientProfileMissingError when a client names a missing profile. */
export function authLayer(): Layer {
  return async (app: App, core: ApplianceCore) => {
    const { config, paths, logger } = core;
    const clients = resolveClients(config.AUTH_CLIENTS, config.AUTH_MODE, paths.profilesDir);
    if (clients.length === 0) logger.warn("AUTH_CLIENTS is empty: no client can authenticate");
    const kid = await keyId(core.keys.publicKey);
    const state = createAuthState(core, clients, kid);
    const report = await syncClients({
      clientsDir: paths.clientsDir,
      clients,
      credentials: credentialSteps(core, kid, state.revocations),
      audit: core.audit,
    });
    logger.info(
      { created: report.created, kept: report.kept, purged: report.purged, mode: config.AUTH_MODE },
      "clients synchronised",
    );
    registerAuthState(core, state);
    mountMetadataRoutes(app, state);
    if (state.oauthEnabled) {
      mountAuthorizeRoute(app, state);
      mountTokenRoute(app, state);
      mountRevokeRoute(app, state);
    }
  };
}
