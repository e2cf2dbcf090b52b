/**
 * The credential step of the client lifecycle (docs/authentication.md, "What happens at every start"): a
 * client that may use JWT tokens gets a valid .token (kept byte for byte while valid,
 * renewed otherwise); a client that may use OAuth gets .secret/.secret_hash. Credentials of a
 * kind the client may no longer use are removed.
 */
import { existsSync, rmSync } from "node:fs";
import type { ApplianceCore } from "../appliance/startup.ts";
import { acceptsKind } from "../clients/client-modes.ts";
import type { CredentialSteps } from "../clients/client-sync.ts";
import { ensureClientSecret } from "./client-secret.ts";
import { type ClientTokenSpec, staleReason, writeClientToken } from "./client-token.ts";
import type { RevocationStore } from "./revocation-store.ts";

/** The credential steps for `syncClients`, bound to the appliance's keys and configuration. */
export function credentialSteps(core: ApplianceCore, kid: string, revocations: RevocationStore): CredentialSteps {
  const { config, keys, audit } = core;
  return {
    async ensure(client, paths, created) {
      const now = Math.floor(Date.now() / 1000);
      if (acceptsKind(client, "jwt")) {
        const spec: ClientTokenSpec = {
          path: paths.token,
          clientName: client.name,
          subject: client.subject,
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          ttlSeconds: config.AUTH_TOKEN_EXPIRY_DAYS * 86_400,
        };
        const reason = await staleReason(spec, keys.publicKey, revocations, now);
        if (reason !== undefined) {
          const signed = await writeClientToken(
            spec,
            { privateKey: keys.privateKey, publicKey: keys.publicKey, kid },
            now,
          );
          audit.event("token.issued", { client: client.name, kind: "jwt", jti: signed.jti, exp: signed.expiresAt });
          if (!created) audit.event("client.token_renewed", { client: client.name, reason });
        }
      } else if (existsSync(paths.token)) {
        rmSync(paths.token, { force: true });
      }
      if (acceptsKind(client, "oauth2")) {
        if (await ensureClientSecret(paths)) audit.event("client.secret_created", { client: client.name });
      } else {
        rmSync(paths.secret, { force: true });
        rmSync(paths.secretHash, { force: true });
      }
    },
  };
}
