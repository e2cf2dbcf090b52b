/**
 * Every subcommand of the binary, listed explicitly (order = order in `--help`). The list holds
 * only what the command list shows; a command's module (and everything it imports) is loaded by
 * `load` when that command runs or its help is asked for, so `serve` and `--version` do not pay
 * for the backup, setup, lab or support-bundle code (bench/README.md, B4).
 */
import type { CommandEntry } from "./command.ts";

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "serve",
    summary: "run the MCP server appliance (the default command)",
    load: async () => (await import("./commands/serve.ts")).serveCommand,
  },
  {
    name: "setup",
    summary: "write or update .env (interactive, or --non-interactive with flags)",
    load: async () => (await import("./commands/setup.ts")).setupCommand,
  },
  {
    name: "token",
    summary: "show or revoke a client's tokens, or give it a new OAuth secret",
    load: async () => (await import("./commands/token.ts")).tokenCommand,
  },
  {
    name: "consent",
    summary: "list or withdraw the applications an OAuth identity allowed",
    load: async () => (await import("./commands/consent.ts")).consentCommand,
  },
  {
    name: "credentials",
    summary: "store, list or delete a client's cluster credentials (password from the terminal or stdin)",
    load: async () => (await import("./commands/credentials.ts")).credentialsCommand,
  },
  {
    name: "integrity",
    summary: "sign or verify the integrity manifest (binary, .env, profiles, certificates, unit)",
    load: async () => (await import("./commands/integrity.ts")).integrityCommand,
  },
  {
    name: "show-tech",
    summary: "write a support bundle (versions, redacted config, recent logs, health, certificates, clients)",
    load: async () => (await import("./commands/show-tech.ts")).showTechCommand,
  },
  {
    name: "keys",
    summary: "rotate the server's RSA key pair (new JWTs, old ones accepted for a grace period)",
    load: async () => (await import("./commands/keys.ts")).keysCommand,
  },
  {
    name: "health",
    summary: "check that the local server answers /health (exit 0) or not (exit 1)",
    load: async () => (await import("./commands/health.ts")).healthCommand,
  },
  {
    name: "upgrade",
    summary: "install a new binary: checks it, backs up, swaps atomically, restarts, rolls back on failure",
    load: async () => (await import("./commands/upgrade.ts")).upgradeCommand,
  },
  {
    name: "backup",
    summary: "make, list, verify or restore an encrypted backup of this installation",
    load: async () => (await import("./commands/backup.ts")).backupCommand,
  },
  {
    name: "encrypt-sftp-password",
    summary: "encrypt the SFTP backup password for BACKUP_SFTP_PASSWORD_ENC (or --verify the stored one)",
    load: async () => (await import("./commands/encrypt-sftp-password.ts")).encryptSftpPasswordCommand,
  },
  {
    name: "ca",
    summary: "print the appliance CA certificate's path and fingerprint (clients trust this file)",
    load: async () => (await import("./commands/ca.ts")).caCommand,
  },
  {
    name: "demo",
    summary: "run the lab and the bridge together with a ready demo client (what `npm start` runs)",
    load: async () => (await import("./commands/demo.ts")).demoCommand,
  },
  {
    name: "lab",
    summary: "run the built-in Cisco UC lab (CUCM, IM&P, Unity Connection, phones) on loopback",
    load: async () => (await import("./commands/lab.ts")).labCommand,
  },
  {
    name: "version",
    summary: "print the version",
    load: async () => (await import("./commands/version.ts")).versionCommand,
  },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((command) => command.name === name);
}
