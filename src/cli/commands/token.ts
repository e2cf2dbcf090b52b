/**
 * `ai-bridge token show <client>` prints a JWT-mode client's bearer token (for pasting into an
 * AI client's configuration); `ai-bridge token revoke <client>` starts a new token generation for
 * the client, so every token it holds (JWT, OAuth access and refresh tokens) is refused at once by
 * a running server, which reloads the state files, and writes a fresh JWT in place of the old one;
 * `ai-bridge token secret <client>` gives an OAuth identity a new secret and prints it once.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { appliancePaths } from "../../appliance/paths.ts";
import { REVOCATION_FILE } from "../../auth/auth-state.ts";
import { resetClientSecret } from "../../auth/client-secret.ts";
import { readStoredToken, writeClientToken } from "../../auth/client-token.ts";
import { openRefreshTokenStore, REFRESH_TOKENS_FILE } from "../../auth/oauth/refresh-tokens.ts";
import { openRevocationStore } from "../../auth/revocation-store.ts";
import { GENERATIONS_FILE, openGenerationStore } from "../../auth/token-generations.ts";
import { keyId } from "../../auth/token-signer.ts";
import { acceptsKind, resolveClient } from "../../clients/client-modes.ts";
import { clientPaths } from "../../clients/client-paths.ts";
import { envPathFor, loadConfig } from "../../config/load.ts";
import { demoRootHint } from "../../demo/home.ts";
import { UsageError } from "../args.ts";
import { auditFromCli } from "../cli-audit.ts";
import type { Command } from "../command.ts";
import { runAsOwnerOf } from "../run-as-owner.ts";

/** The `token` subcommand (listed in registry.ts). */
export const tokenCommand: Command = {
  usage: "token show|revoke|secret <client>",
  description:
    "show prints clients/<client>/secrets/.token. revoke starts a new token generation for the client: a running " +
    "server refuses every earlier token of it (JWT, OAuth access and refresh tokens) immediately, and a JWT-mode " +
    "client gets a new token (run show again to get it). secret replaces an OAuth client's secret and prints the " +
    "new one once (only its hash is kept); use it when the one-time .secret file is gone.",
  options: [],
  async run(args, ctx) {
    const [action, name] = args.positionals;
    if (
      (action !== "show" && action !== "revoke" && action !== "secret") ||
      name === undefined ||
      args.positionals.length !== 2
    ) {
      throw new UsageError("expected: token show <client>, token revoke <client> or token secret <client>");
    }
    const hint = demoRootHint(ctx.root, name);
    if (hint !== undefined && !existsSync(envPathFor(ctx.root))) {
      ctx.err(`ai-bridge token: no configuration in ${ctx.root}; ${hint}`);
      return 1;
    }
    const { config } = loadConfig(ctx.root);
    const paths = appliancePaths(config);
    const entry = config.AUTH_CLIENTS.find((client) => client.name === name);
    if (entry === undefined) {
      ctx.err(`ai-bridge token: no client "${name}" in AUTH_CLIENTS${hint === undefined ? "" : `; ${hint}`}`);
      return 1;
    }
    const client = resolveClient(entry, config.AUTH_MODE);
    const files = clientPaths(paths.clientsDir, name);
    if (action === "secret") {
      if (!acceptsKind(client, "oauth2")) {
        ctx.err(`ai-bridge token: client "${name}" does not use OAuth 2.1; it has no secret (see token show)`);
        return 1;
      }
      runAsOwnerOf(paths.env);
      const secret = await resetClientSecret(files);
      auditFromCli(config, [["client.secret_reset", { client: name }]]);
      ctx.err(`New OAuth secret of "${name}" (shown once; only its hash is kept):`);
      ctx.out(secret);
      return 0;
    }
    const publicKey = createPublicKey(readFileSync(paths.rsaPublicKey, "utf8"));
    const stored = acceptsKind(client, "jwt") ? await readStoredToken(files.token, publicKey) : undefined;
    if (action === "show") {
      if (!acceptsKind(client, "jwt")) {
        ctx.err(`ai-bridge token: client "${name}" uses OAuth 2.1 only; it signs in, it has no stored token`);
        return 1;
      }
      if (stored === undefined) {
        ctx.err(
          `ai-bridge token: client "${name}" has no valid token in ${files.token}; start the server to issue one`,
        );
        return 1;
      }
      ctx.out(stored.token);
      return 0;
    }
    // The new token and the state files must stay readable by the server's account.
    runAsOwnerOf(paths.env);
    const now = () => Math.floor(Date.now() / 1000);
    const revocations = openRevocationStore(join(paths.secretsDir, REVOCATION_FILE), now);
    if (stored !== undefined) revocations.revoke(stored.jti, stored.expiresAt);
    // A new generation: every earlier token of the client (OAuth ones included) is refused.
    const generations = openGenerationStore(join(paths.secretsDir, GENERATIONS_FILE));
    generations.advance(name, client.subject);
    const families = openRefreshTokenStore(join(paths.secretsDir, REFRESH_TOKENS_FILE), now).revokeFamilies(
      (grant) => grant.identity === name,
    );
    for (const family of families) for (const t of family.accessTokens) revocations.revoke(t.jti, t.exp);
    const events: Array<[string, Record<string, unknown>]> = [
      [
        "token.revoked",
        { client: name, ...(stored === undefined ? {} : { jti: stored.jti }), via: "cli", families: families.length },
      ],
    ];
    if (acceptsKind(client, "jwt")) {
      const privateKey = createPrivateKey(readFileSync(paths.rsaPrivateKey, "utf8"));
      const signed = await writeClientToken(
        {
          path: files.token,
          clientName: name,
          subject: client.subject,
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          ttlSeconds: config.AUTH_TOKEN_EXPIRY_DAYS * 86_400,
        },
        { privateKey, publicKey, kid: await keyId(publicKey) },
        now(),
      );
      generations.setJwtId(name, signed.jti);
      events.push(["token.issued", { client: name, kind: "jwt", jti: signed.jti, exp: signed.expiresAt }]);
      auditFromCli(config, events);
      ctx.out(`Revoked every token of client "${name}"; a new token is in ${files.token} (token show ${name}).`);
      return 0;
    }
    auditFromCli(config, events);
    ctx.out(`Revoked every token of client "${name}" (${families.length} sign-in(s) ended); it must sign in again.`);
    return 0;
  },
};
