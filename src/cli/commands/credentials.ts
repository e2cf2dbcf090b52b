/**
 * `ai-bridge credentials set|list|delete`: an administrator provisions a client's cluster
 * credentials without the agent, so passwords never pass through a model or a chat transcript
 * and read-only profiles (auditor) that may not call the `*_store_credentials` tools can work.
 * The password is read from the terminal (not shown) or standard input, never from an
 * argument. It works on a running appliance: the vault re-reads a sealed file when the file
 * changed, so the server uses new credentials at its next call. Every change is audited.
 */
import { appliancePaths } from "../../appliance/paths.ts";
import { loadConfig } from "../../config/load.ts";
import { type CredentialSummary, openVault, type ScopedVault } from "../../vault/vault.ts";
import { flag, stringOption, UsageError } from "../args.ts";
import { auditFromCli } from "../cli-audit.ts";
import type { Command, CommandContext } from "../command.ts";
import { type CredentialTarget, parseTarget, parseUsername, requireClient } from "../credential-options.ts";
import { runAsOwnerOf } from "../run-as-owner.ts";
import { readSecret, SecretInputError } from "../secret-input.ts";

const ACTIONS = ["set", "list", "delete"] as const;

function describe(c: CredentialSummary): string {
  if (!c.readable) return `${c.product} ${c.kind} ${c.host}: UNREADABLE (changed or copied file; set it again)`;
  const port = c.port === undefined ? "" : ` port ${c.port}`;
  const clear = c.plainHttp === true ? ", plain HTTP" : "";
  return `${c.product} ${c.kind} ${c.host}: user ${c.username}${port}${clear} (updated ${c.updatedAt})`;
}

async function set(
  vault: ScopedVault,
  target: CredentialTarget,
  username: string | undefined,
  plainHttp: boolean,
  ctx: CommandContext,
) {
  // Only a phone's web server may be reached over plain HTTP (docs/cucm.md, phone screenshots).
  if (plainHttp && target.kind !== "phone")
    throw new UsageError(`--plain-http applies to --kind phone only, not ${target.kind}`);
  const existing = vault.get(target.product, target.kind, target.host);
  const user = username ?? existing?.username;
  if (user === undefined)
    throw new UsageError(
      `--username is needed: no ${target.product} ${target.kind} credentials exist for ${target.host}`,
    );
  const password = await readSecret(
    { input: process.stdin, prompt: (text) => process.stderr.write(text) },
    `Password of ${user} on ${target.host}`,
  );
  const port = target.port ?? existing?.port;
  vault.put(target.product, target.kind, target.host, {
    username: user,
    password,
    port,
    ...(plainHttp ? { plainHttp } : {}),
  });
  ctx.out(
    `${existing === undefined ? "Stored" : "Updated"} ${target.product} ${target.kind} credentials of ${target.host} ` +
      `(user ${user}${port === undefined ? "" : `, port ${port}`}) for client "${vault.client}"; ` +
      "a running server uses them from its next call.",
  );
  if (plainHttp) ctx.out("Screenshots of this phone use plain HTTP: the phone user's password is sent in clear.");
  return existing === undefined ? "stored" : "updated";
}

/** The `credentials` subcommand (listed in registry.ts). */
export const credentialsCommand: Command = {
  usage:
    "credentials set|list|delete --client NAME [--product cucm|imp|cuc] [--kind axl|os|phone|cupi] [--host HOST] [--port N] [--username U] [--plain-http]",
  description:
    "Writes the client's encrypted vault directly, so an administrator can provision credentials without\n" +
    "the agent. set reads the password from the terminal (not shown) or the first line of standard input;\n" +
    "it is never taken from the command line. A running server picks the change up at its next call.\n" +
    "list shows hosts, kinds and user names, never passwords. Each change is written to audit.log.",
  options: [
    { name: "client", value: "NAME", help: "the client (from AUTH_CLIENTS) whose vault is changed" },
    { name: "product", value: "cucm|imp|cuc", help: "the product (list: optional filter)" },
    { name: "kind", value: "axl|os|phone|cupi", help: "which credential: axl/cupi API, os (SSH), phone (web)" },
    { name: "host", value: "HOST", help: "the node's host name or IP, as the agent will address it" },
    { name: "port", value: "N", help: "port, when not the configured default (kept on update if omitted)" },
    { name: "username", value: "U", help: "user name (set: required the first time, kept on update if omitted)" },
    {
      name: "plain-http",
      boolean: true,
      help: "phone only: the phone has no HTTPS web server (password sent in clear; give it again on every update)",
    },
    { name: "password", value: "-", help: "refused: passwords are read from the terminal or standard input" },
  ],
  async run(args, ctx) {
    const [action, ...extra] = args.positionals;
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number]) || extra.length > 0)
      throw new UsageError(`expected: credentials ${ACTIONS.join("|")} --client NAME …`);
    if (args.options["password"] !== undefined)
      throw new UsageError(
        "passwords are never taken from the command line (shell history, process list); " +
          "type it at the prompt or pipe it on standard input",
      );
    const { config } = loadConfig(ctx.root);
    const paths = appliancePaths(config);
    const client = requireClient(config, stringOption(args, "client"));
    runAsOwnerOf(paths.env);
    const vault = openVault({ clientsDir: paths.clientsDir, secretsDir: paths.secretsDir, client });
    if (action === "list") {
      const product = stringOption(args, "product");
      const items = vault.list(product === undefined ? undefined : parseTarget(args, "list").product);
      if (items.length === 0) ctx.out(`No credentials stored for client "${client}".`);
      for (const item of items) ctx.out(describe(item));
      return 0;
    }
    const target = parseTarget(args, action as "set" | "delete");
    let change: string;
    if (action === "set") {
      try {
        change = await set(vault, target, parseUsername(args), flag(args, "plain-http"), ctx);
      } catch (error) {
        if (!(error instanceof SecretInputError)) throw error;
        ctx.err(`ai-bridge credentials: ${error.message}`);
        return 1;
      }
    } else {
      if (!vault.remove(target.product, target.kind, target.host)) {
        ctx.err(
          `ai-bridge credentials: client "${client}" has no ${target.product} ${target.kind} credentials for ${target.host}`,
        );
        return 1;
      }
      ctx.out(`Deleted ${target.product} ${target.kind} credentials of ${target.host} for client "${client}".`);
      change = "deleted";
    }
    const { product, kind, host } = target;
    const clear = action === "set" && flag(args, "plain-http") ? { plainHttp: true } : {};
    auditFromCli(config, [
      ["credential.changed", { client, product, kind, host, action: change, via: "cli", ...clear }],
    ]);
    return 0;
  },
};
