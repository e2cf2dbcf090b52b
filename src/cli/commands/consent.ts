/**
 * `ai-bridge consent list [identity]` shows which applications an identity allowed to act as it;
 * `ai-bridge consent withdraw <identity> <application>` removes that decision and ends the
 * application's sign-ins as that identity (its refresh tokens and the access tokens issued from
 * them are refused at once by a running server). The next sign-in asks again.
 */
import { join } from "node:path";
import { appliancePaths } from "../../appliance/paths.ts";
import { REVOCATION_FILE } from "../../auth/auth-state.ts";
import { CONSENTS_FILE, openConsentStore } from "../../auth/oauth/consents.ts";
import { openRefreshTokenStore, REFRESH_TOKENS_FILE } from "../../auth/oauth/refresh-tokens.ts";
import { openRevocationStore } from "../../auth/revocation-store.ts";
import { loadConfig } from "../../config/load.ts";
import { UsageError } from "../args.ts";
import { auditFromCli } from "../cli-audit.ts";
import type { Command } from "../command.ts";
import { runAsOwnerOf } from "../run-as-owner.ts";

/** The `consent` subcommand (listed in registry.ts). */
export const consentCommand: Command = {
  usage: "consent list [identity] | consent withdraw <identity> <application>",
  description:
    "list prints one line per remembered decision: identity, application id, application name, date. withdraw " +
    "removes one and ends that application's sign-ins as that identity at once; the next sign-in asks again.",
  options: [],
  async run(args, ctx) {
    const [action, identity, appId] = args.positionals;
    const { config } = loadConfig(ctx.root);
    const paths = appliancePaths(config);
    const consents = openConsentStore(join(paths.secretsDir, CONSENTS_FILE));
    if (action === "list" && args.positionals.length <= 2) {
      const rows = consents.list().filter((c) => identity === undefined || c.identity === identity);
      if (rows.length === 0) ctx.err("No remembered consent.");
      for (const c of rows) {
        ctx.out(`${c.identity}\t${c.appId}\t${c.appName}\t${new Date(c.grantedAt * 1000).toISOString()}`);
      }
      return 0;
    }
    if (action !== "withdraw" || identity === undefined || appId === undefined || args.positionals.length !== 3) {
      throw new UsageError("expected: consent list [identity] or consent withdraw <identity> <application>");
    }
    runAsOwnerOf(paths.env);
    const now = () => Math.floor(Date.now() / 1000);
    const existed = consents.withdraw(identity, appId);
    const families = openRefreshTokenStore(join(paths.secretsDir, REFRESH_TOKENS_FILE), now).revokeFamilies(
      (grant) => grant.identity === identity && grant.appId === appId,
    );
    const revocations = openRevocationStore(join(paths.secretsDir, REVOCATION_FILE), now);
    for (const family of families) for (const t of family.accessTokens) revocations.revoke(t.jti, t.exp);
    if (!existed && families.length === 0) {
      ctx.err(`ai-bridge consent: "${identity}" has no consent for "${appId}" (see consent list)`);
      return 1;
    }
    auditFromCli(config, [
      ["oauth.consent_withdrawn", { identity, app: appId, families: families.length, via: "cli" }],
    ]);
    ctx.out(`Withdrawn: "${appId}" may no longer act as "${identity}" (${families.length} sign-in(s) ended).`);
    return 0;
  },
};
