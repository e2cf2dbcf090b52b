/**
 * `ai-bridge encrypt-sftp-password [--write] [--verify]`: turns the SFTP backup password into
 * the value of BACKUP_SFTP_PASSWORD_ENC (see src/backup/sftp-password.ts for how it is bound
 * to the server key and the destination). The password is read from the terminal (not shown)
 * or the first line of standard input, never from an argument; it is never printed or logged.
 */
import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { appliancePaths } from "../../appliance/paths.ts";
import { BackupError } from "../../backup/format.ts";
import { keyringOf } from "../../backup/service.ts";
import {
  decryptSftpPassword,
  encryptSftpPassword,
  type SftpDestination,
  samePassword,
} from "../../backup/sftp-password.ts";
import { updateEnvText } from "../../config/env-writer.ts";
import { ConfigInvalidError, envPathFor, loadConfig, parseConfigText } from "../../config/load.ts";
import type { Config } from "../../config/schema.ts";
import { SECRET_FILE_MODE, writeFileAtomic } from "../../fs/atomic.ts";
import { UsageError } from "../args.ts";
import { auditFromCli } from "../cli-audit.ts";
import type { Command } from "../command.ts";
import { runAsOwnerOf } from "../run-as-owner.ts";
import { readSecret, SecretInputError } from "../secret-input.ts";

const KEY = "BACKUP_SFTP_PASSWORD_ENC";

/**
 * The configuration, also while BACKUP_SFTP_AUTH=password waits for the very value this command
 * makes (that alone makes `.env` invalid; it is read here as if the method were still `key`).
 */
function configFor(root: string): Config {
  try {
    return loadConfig(root).config;
  } catch (error) {
    if (!(error instanceof ConfigInvalidError) || error.issues.some((issue) => issue.key !== KEY)) throw error;
    const text = readFileSync(envPathFor(root), "utf8");
    return parseConfigText(`${text}\nBACKUP_SFTP_AUTH=key\n`, root).config;
  }
}

function destinationOf(config: Config): SftpDestination {
  if (config.BACKUP_SFTP_HOST === "" || config.BACKUP_SFTP_USER === "")
    throw new UsageError(
      "set BACKUP_SFTP_HOST and BACKUP_SFTP_USER (and BACKUP_SFTP_PORT if not 22) in .env first: " +
        "the encrypted password is bound to that destination",
    );
  return { host: config.BACKUP_SFTP_HOST, port: config.BACKUP_SFTP_PORT, user: config.BACKUP_SFTP_USER };
}

/** The `encrypt-sftp-password` subcommand (listed in registry.ts). */
export const encryptSftpPasswordCommand: Command = {
  usage: "encrypt-sftp-password [--write] [--verify]",
  description:
    "Reads the SFTP password from the terminal (not shown) or the first line of standard input and prints\n" +
    "the value of BACKUP_SFTP_PASSWORD_ENC: RSA-OAEP (SHA-512) under the server's public key, bound to\n" +
    "BACKUP_SFTP_USER@BACKUP_SFTP_HOST:BACKUP_SFTP_PORT (set those first). --write stores it in .env instead\n" +
    "of printing it. --verify checks that the stored value holds the password typed, and changes nothing.",
  options: [
    { name: "write", boolean: true, help: "store the value in .env (BACKUP_SFTP_PASSWORD_ENC) instead of printing it" },
    { name: "verify", boolean: true, help: "check the stored BACKUP_SFTP_PASSWORD_ENC against the password typed" },
  ],
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError("encrypt-sftp-password takes no arguments");
    const verify = args.options["verify"] === true;
    const write = args.options["write"] === true;
    if (verify && write) throw new UsageError("--verify and --write cannot be combined");
    const config = configFor(ctx.root);
    const paths = appliancePaths(config);
    const to = destinationOf(config);
    runAsOwnerOf(paths.env);
    let password: string;
    try {
      password = await readSecret(
        { input: process.stdin, prompt: (text) => process.stderr.write(text) },
        `SFTP password of ${to.user}@${to.host}`,
      );
    } catch (error) {
      if (!(error instanceof SecretInputError)) throw error;
      ctx.err(`ai-bridge encrypt-sftp-password: ${error.message}`);
      return 1;
    }
    const destination = `${to.user}@${to.host}:${to.port}`;
    if (verify) {
      let matches = false;
      try {
        if (config.BACKUP_SFTP_PASSWORD_ENC === "") throw new BackupError(`${KEY} is empty in .env`);
        matches = samePassword(decryptSftpPassword(keyringOf(config), to, config.BACKUP_SFTP_PASSWORD_ENC), password);
      } catch (error) {
        if (!(error instanceof BackupError)) throw error;
        auditFromCli(config, [["sftp_password.verified", { destination, matches: false, error: error.message }]]);
        ctx.err(`ai-bridge encrypt-sftp-password: ${error.message}`);
        return 1;
      }
      auditFromCli(config, [["sftp_password.verified", { destination, matches }]]);
      if (!matches) {
        ctx.err(`ai-bridge encrypt-sftp-password: ${KEY} holds a different password for ${destination}`);
        return 1;
      }
      ctx.out(`${KEY} holds this password for ${destination}.`);
      return 0;
    }
    let publicKey: ReturnType<typeof createPublicKey>;
    try {
      publicKey = createPublicKey(readFileSync(paths.rsaPublicKey, "utf8"));
    } catch {
      ctx.err(
        `ai-bridge encrypt-sftp-password: the server public key ${paths.rsaPublicKey} is missing; start the server once to create it`,
      );
      return 1;
    }
    const value = encryptSftpPassword(publicKey, to, password);
    if (write) {
      const text = readFileSync(paths.env, "utf8");
      writeFileAtomic(paths.env, updateEnvText(text, { [KEY]: value }), { mode: SECRET_FILE_MODE });
      ctx.out(`${KEY} written to ${paths.env} (bound to ${destination}).`);
    } else ctx.out(`${KEY}=${value}`);
    auditFromCli(config, [["sftp_password.encrypted", { destination, written: write }]]);
    return 0;
  },
};
