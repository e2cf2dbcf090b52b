/**
 * Discovery documents, in the modes with OAuth only (jwt mode advertises no OAuth at all):
 * RFC 9728 protected-resource metadata naming the authorization server (root and
 * path-suffixed forms, both required by the MCP authorization spec) and RFC 8414
 * authorization-server metadata at both forms clients try (the issuer's root form, and the
 * form suffixed with the MCP path that clients build when they take the MCP URL for the
 * issuer). The JWKS of the signing key is served in every mode.
 */
import { exportJWK } from "jose";
import type { App } from "../../http/app.ts";
import type { AuthState } from "../auth-state.ts";

/** The scope every token carries; tools are authorised by the client's RBAC profile. */
export const MCP_SCOPE = "mcp";

/** Mounts the well-known routes. */
export function mountMetadataRoutes(app: App, state: AuthState): void {
  const { issuer } = state;
  const mcpPath = state.core.config.MCP_SERVER_URL_PATH;
  // Keys retired by a rotation stay published while tokens they signed may still be presented.
  app.get("/.well-known/jwks.json", async (c) => {
    const current = { ...(await exportJWK(state.core.keys.publicKey)), kid: state.kid, alg: "RS256", use: "sig" };
    const now = state.now();
    const retired = await Promise.all(
      (state.verifier.retired ?? [])
        .filter((key) => Math.max(key.jwtUntil, key.oauthUntil) > now)
        .map(async (key) => ({ ...(await exportJWK(key.publicKey)), kid: key.kid, alg: "RS256", use: "sig" })),
    );
    return c.json({ keys: [current, ...retired] });
  });
  if (!state.oauthEnabled) return;
  const resource = {
    resource: state.resourceUrl,
    authorization_servers: [issuer],
    bearer_methods_supported: ["header"],
    resource_signing_alg_values_supported: ["RS256"],
    scopes_supported: [MCP_SCOPE],
    resource_name: state.core.config.MCP_SERVER_NAME,
  };
  for (const path of ["/.well-known/oauth-protected-resource", `/.well-known/oauth-protected-resource${mcpPath}`]) {
    app.get(path, (c) => {
      c.header("Access-Control-Allow-Origin", "*");
      return c.json(resource);
    });
  }
  const authMethods = ["client_secret_basic", "client_secret_post", "none"];
  const { config } = state.core;
  const metadata = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    revocation_endpoint: `${issuer}/revoke`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: authMethods,
    revocation_endpoint_auth_methods_supported: authMethods,
    scopes_supported: [MCP_SCOPE, "offline_access"],
    authorization_response_iss_parameter_supported: true,
    ...(config.AUTH_OAUTH_DYNAMIC_REGISTRATION ? { registration_endpoint: `${issuer}/register` } : {}),
    client_id_metadata_document_supported: config.AUTH_OAUTH_CLIENT_METADATA_DOCUMENTS,
  };
  for (const path of ["/.well-known/oauth-authorization-server", `/.well-known/oauth-authorization-server${mcpPath}`]) {
    app.get(path, (c) => {
      c.header("Access-Control-Allow-Origin", "*");
      return c.json(metadata);
    });
  }
}
