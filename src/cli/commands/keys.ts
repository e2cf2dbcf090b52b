/**
 * `ai-bridge keys rotate [--grace DURATION]`: a new RSA key pair for the server (see
 * src/appliance/key-rotation.ts for the steps). Run as root on a VM: the work is done as the
 * owner of .env (so the server can read what is written), then the systemd unit is restarted so
 * the server loads the new key; elsewhere, restart the server yourself.
 */

import { KeyRotationRefused, rotateKeys } from "../../appliance/key-rotation.ts";
import { appliancePaths } from "../../appliance/paths.ts";
import { restartUnit, unitActive } from "../../appliance/systemd.ts";
import { loadConfig } from "../../config/load.ts";
import { runningBinary } from "../../integrity/file-set.ts";
import { OPERATIONS_PATTERNS } from "../../util/patterns.ts";
import { flag, stringOption, UsageError } from "../args.ts";
import { auditFromCli } from "../cli-audit.ts";
import type { Command } from "../command.ts";
import { runAsOwnerOf } from "../run-as-owner.ts";

const DEFAULT_GRACE = "24h";
const MAX_GRACE_SECONDS = 30 * 86_400;
const UNIT_SECONDS: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 };

function graceSeconds(text: string): number {
  const match = OPERATIONS_PATTERNS.duration.exec(text);
  const seconds = match === null ? Number.NaN : Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  if (!Number.isFinite(seconds) || seconds > MAX_GRACE_SECONDS) {
    throw new UsageError(`--grace takes a duration such as 24h, 90m or 0, at most 30d; not "${text}"`);
  }
  return seconds;
}

/** This program as a command line (the compiled binary, or Bun running main.ts from source). */
function selfCommand(): string[] {
  const binary = runningBinary();
  return binary === undefined ? [process.execPath, Bun.main] : [binary];
}

export const keysCommand: Command = {
  usage: "keys rotate [--grace DURATION]",
  description:
    "Makes a new RSA key pair (AUTH_RSA_KEY_SIZE bits). The old private key is kept in secrets/backup-keyring/ so\n" +
    "older backups stay restorable; every JWT-mode client gets a new token (token show <client>), and its previous\n" +
    "token stays valid for the grace period (default 24h), then is refused; OAuth access tokens signed before the\n" +
    "rotation stay valid until they expire (the old key is published in the JWKS meanwhile); BACKUP_SFTP_PASSWORD_ENC\n" +
    "is re-encrypted; the integrity manifest is re-signed. Refused while the installation does not match its\n" +
    "integrity manifest. The running server must restart to use the new key: done for you under systemd (as root).",
  options: [
    {
      name: "grace",
      value: "DURATION",
      help: `how long previous JWT-mode tokens stay valid (default ${DEFAULT_GRACE}; 0 = none)`,
    },
    { name: "no-restart", boolean: true, help: "do not restart the systemd unit" },
  ],
  async run(args, ctx) {
    if (args.positionals.length !== 1 || args.positionals[0] !== "rotate")
      throw new UsageError("expected: keys rotate");
    const graceText = stringOption(args, "grace") ?? DEFAULT_GRACE;
    const grace = graceSeconds(graceText);
    const { config } = loadConfig(ctx.root);
    const paths = appliancePaths(config);
    if (process.getuid?.() === 0 && !flag(args, "no-restart")) {
      // Root keeps the right to restart the unit; the rotation itself runs as the owner of .env.
      const child = Bun.spawnSync(
        [...selfCommand(), "--root", ctx.root, "keys", "rotate", "--grace", graceText, "--no-restart"],
        { stdout: "inherit", stderr: "inherit" },
      );
      if (child.exitCode !== 0) return child.exitCode ?? 1;
      if (!unitActive()) {
        ctx.out("The server is not running under systemd: restart it so it uses the new key.");
        return 0;
      }
      const problem = restartUnit();
      if (problem !== undefined) {
        ctx.err(
          `ai-bridge keys: the rotation is done but the restart failed (${problem}); run: systemctl restart ai-bridge`,
        );
        return 1;
      }
      ctx.out("Restarted ai-bridge.service: the server now signs with the new key.");
      return 0;
    }
    runAsOwnerOf(paths.env);
    const events: Array<[string, Record<string, unknown>]> = [];
    try {
      const result = await rotateKeys({
        config,
        graceSeconds: grace,
        audit: { event: (type, fields = {}) => void events.push([type, fields]) },
      });
      ctx.out(`Rotated the RSA key pair (${result.bits} bits): key id ${result.oldKid} → ${result.newKid}.`);
      ctx.out(`The old private key is kept for older backups: ${result.keptPrivateKey}`);
      if (result.reissued.length > 0) {
        ctx.out(
          `New JWT-mode tokens for: ${result.reissued.join(", ")} (ai-bridge token show <client>); the previous ones ` +
            `are refused from ${new Date(result.jwtUntil * 1000).toISOString()}.`,
        );
      }
      if (result.sftpPasswordReencrypted) ctx.out("BACKUP_SFTP_PASSWORD_ENC was re-encrypted for the new key.");
      if (!flag(args, "no-restart")) {
        ctx.out("Restart the server so it uses the new key (systemctl restart ai-bridge, as root).");
      }
      return 0;
    } catch (error) {
      if (error instanceof KeyRotationRefused) {
        events.push(["keys.rotation_refused", { reason: error.message }]);
        ctx.err(`ai-bridge keys: ${error.message}; nothing was changed`);
        return 1;
      }
      throw error;
    } finally {
      if (events.length > 0) auditFromCli(config, events);
    }
  },
};
