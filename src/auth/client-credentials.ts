/**
 * The credential step of the client lifecycle (docs/authentication.md, "What happens at every start"): a
 * client that may use JWT tokens gets a valid .token (kept byte for byte while valid and
 * current, renewed otherwise); a client that may use OAuth gets .secret/.secret_hash. Credentials
 * of a kind the client may no longer use are removed. Every renewal, subject change and purge
 * moves the client's token generation on, so no earlier token stays valid.
 */
import { existsSync, rmSync } from "node:fs";
import type { ApplianceCore } from "../appliance/startup.ts";
import { acceptsKind } from "../clients/client-modes.ts";
import type { CredentialSteps } from "../clients/client-sync.ts";
import { ensureClientSecret } from "./client-secret.ts";
import { type ClientTokenSpec, checkStoredToken, writeClientToken } from "./client-token.ts";
import type { RevocationStore } from "./revocation-store.ts";
import type { GenerationStore } from "./token-generations.ts";

/** The credential steps for `syncClients`, bound to the appliance's keys and configuration. */
export function credentialSteps(
  core: ApplianceCore,
  kid: string,
  revocations: RevocationStore,
  generations: GenerationStore,
): CredentialSteps {
  const { config, keys, audit } = core;
  return {
    async ensure(client, paths, created) {
      const now = Math.floor(Date.now() / 1000);
      let generation = generations.current(client.name);
      // No entry at all: the table is new (first start of this version); the stored token is adopted.
      const adopt = generation === undefined;
      if (generation === undefined || generation.subject !== client.subject) {
        if (generation !== undefined)
          audit.event("client.generation_advanced", { client: client.name, why: "subject" });
        generation = generations.advance(client.name, client.subject);
      }
      if (acceptsKind(client, "jwt")) {
        const spec: ClientTokenSpec = {
          path: paths.token,
          clientName: client.name,
          subject: client.subject,
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          ttlSeconds: config.AUTH_TOKEN_EXPIRY_DAYS * 86_400,
        };
        const stored = await checkStoredToken(spec, keys.publicKey, revocations, now);
        let reason = stored.ok ? undefined : stored.reason;
        if (stored.ok && adopt) generations.setJwtId(client.name, stored.jti);
        else if (stored.ok && generation.jwtId !== stored.jti) reason = "superseded";
        if (reason !== undefined) {
          const signed = await writeClientToken(
            spec,
            { privateKey: keys.privateKey, publicKey: keys.publicKey, kid },
            now,
          );
          generations.setJwtId(client.name, signed.jti);
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
    purged(name) {
      // Kept (with no current token) so a client added again under this name starts afresh.
      generations.advance(name, "");
    },
  };
}
