/**
 * `ai-bridge token show <client>` prints a JWT-mode client's bearer token (for pasting into
 * an AI client's configuration); `ai-bridge token revoke <client>` revokes it by `jti`
 * (persisted in secrets/revoked_jti.json, refused at once by a running server, which reloads
 * the list) and writes a fresh token in its place.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { appliancePaths } from "../../appliance/paths.ts";
import { REVOCATION_FILE } from "../../auth/auth-state.ts";
import { readStoredToken, writeClientToken } from "../../auth/client-token.ts";
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
  name: "token",
  summary: "show or revoke a client's JWT bearer token",
  usage: "token show|revoke <client>",
  description:
    "show prints clients/<client>/secrets/.token. revoke adds the token's jti to secrets/revoked_jti.json, " +
    "starts a new token generation for the client (a running server refuses every earlier token of it " +
    "immediately) and writes a new token; run show again to get it.",
  options: [],
  async run(args, ctx) {
    const [action, name] = args.positionals;
    if ((action !== "show" && action !== "revoke") || name === undefined || args.positionals.length !== 2) {
      throw new UsageError("expected: token show <client> or token revoke <client>");
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
    if (!acceptsKind(client, "jwt")) {
      ctx.err(`ai-bridge token: client "${name}" uses OAuth 2.1 only; revoke its access tokens with POST /revoke`);
      return 1;
    }
    const files = clientPaths(paths.clientsDir, name);
    const publicKey = createPublicKey(readFileSync(paths.rsaPublicKey, "utf8"));
    const stored = await readStoredToken(files.token, publicKey);
    if (stored === undefined) {
      ctx.err(`ai-bridge token: client "${name}" has no valid token in ${files.token}; start the server to issue one`);
      return 1;
    }
    if (action === "show") {
      ctx.out(stored.token);
      return 0;
    }
    // The new token and the revocation list must stay readable by the server's account.
    runAsOwnerOf(paths.env);
    const now = () => Math.floor(Date.now() / 1000);
    openRevocationStore(join(paths.secretsDir, REVOCATION_FILE), now).revoke(stored.jti, stored.expiresAt);
    // A new generation: every earlier token of the client (OAuth ones included) is refused.
    const generations = openGenerationStore(join(paths.secretsDir, GENERATIONS_FILE));
    generations.advance(name, client.subject);
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
    auditFromCli(config, [
      ["token.revoked", { client: name, jti: stored.jti, via: "cli" }],
      ["token.issued", { client: name, kind: "jwt", jti: signed.jti, exp: signed.expiresAt }],
    ]);
    ctx.out(`Revoked token ${stored.jti} of client "${name}"; a new token is in ${files.token} (token show ${name}).`);
    return 0;
  },
};
