/**
 * `ai-bridge upgrade NEW_BINARY`: replaces the installed binary with a new build, keeping .env
 * and every data file (see src/appliance/upgrade.ts for the steps and the roll-back).
 */
import { resolve } from "node:path";
import { UpgradeRefused, upgrade } from "../../appliance/upgrade.ts";
import { loadConfig } from "../../config/load.ts";
import { flag, stringOption, UsageError } from "../args.ts";
import { auditFromCli } from "../cli-audit.ts";
import type { Command } from "../command.ts";

export const upgradeCommand: Command = {
  usage: "upgrade NEW_BINARY [--timeout SECONDS] [--no-restart] [--accept-changes]",
  description:
    "Run as root with the installed binary. Checks that NEW_BINARY runs (`version`), refuses when the\n" +
    "installation does not match its integrity manifest (unless --accept-changes), makes a backup, swaps the\n" +
    "binary atomically (the old one stays as <binary>.previous), rewrites PROJECT_NAME / PROJECT_VERSION /\n" +
    "PROJECT_CREATOR and re-signs the integrity manifest with the new binary, then restarts ai-bridge.service\n" +
    "when systemd runs it. When the restarted server does not answer /health within the timeout, the previous\n" +
    "binary is put back and restarted. .env and all data are kept. Audited.",
  options: [
    { name: "timeout", value: "SECONDS", help: "how long the restarted server has to answer /health (default 90)" },
    { name: "no-restart", boolean: true, help: "install only; restart the server yourself" },
    { name: "accept-changes", boolean: true, help: "go ahead although the integrity check lists changes" },
  ],
  async run(args, ctx) {
    const [newBinary, ...extra] = args.positionals;
    if (newBinary === undefined || extra.length > 0) throw new UsageError("expected: upgrade NEW_BINARY");
    const timeoutText = stringOption(args, "timeout") ?? "90";
    const timeout = Number(timeoutText);
    if (!Number.isInteger(timeout) || timeout < 5 || timeout > 3600) {
      throw new UsageError(`--timeout takes a whole number of seconds from 5 to 3600, not "${timeoutText}"`);
    }
    const { config } = loadConfig(ctx.root);
    const events: Array<[string, Record<string, unknown>]> = [];
    try {
      const outcome = await upgrade({
        root: ctx.root,
        newBinary: resolve(newBinary),
        healthTimeoutSeconds: timeout,
        restart: !flag(args, "no-restart"),
        acceptChanges: flag(args, "accept-changes"),
        audit: { event: (type, fields = {}) => void events.push([type, fields]) },
        say: ctx.out,
      });
      if (outcome.status === "rolled back") {
        ctx.err(
          `ai-bridge upgrade: the new binary was not kept; ${outcome.from} runs again (backup: ${outcome.backup})`,
        );
        return 1;
      }
      ctx.out(
        outcome.status === "upgraded"
          ? `upgraded and restarted: ${outcome.to}`
          : `installed ${outcome.to}; restart the server to run it (systemctl restart ai-bridge)`,
      );
      return 0;
    } catch (error) {
      if (error instanceof UpgradeRefused) {
        events.push(["upgrade.refused", { reason: error.message }]);
        ctx.err(`ai-bridge upgrade: ${error.message}; nothing was changed`);
        return 1;
      }
      throw error;
    } finally {
      if (events.length > 0) auditFromCli(config, events);
    }
  },
};
