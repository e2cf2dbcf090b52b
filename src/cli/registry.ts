/** Every subcommand of the binary, listed explicitly (order = order in `--help`). */
import type { Command } from "./command.ts";
import { backupCommand } from "./commands/backup.ts";
import { caCommand } from "./commands/ca.ts";
import { consentCommand } from "./commands/consent.ts";
import { credentialsCommand } from "./commands/credentials.ts";
import { demoCommand } from "./commands/demo.ts";
import { encryptSftpPasswordCommand } from "./commands/encrypt-sftp-password.ts";
import { healthCommand } from "./commands/health.ts";
import { integrityCommand } from "./commands/integrity.ts";
import { keysCommand } from "./commands/keys.ts";
import { labCommand } from "./commands/lab.ts";
import { serveCommand } from "./commands/serve.ts";
import { setupCommand } from "./commands/setup.ts";
import { showTechCommand } from "./commands/show-tech.ts";
import { tokenCommand } from "./commands/token.ts";
import { upgradeCommand } from "./commands/upgrade.ts";
import { versionCommand } from "./commands/version.ts";

export const COMMANDS: readonly Command[] = [
  serveCommand,
  setupCommand,
  tokenCommand,
  consentCommand,
  credentialsCommand,
  integrityCommand,
  showTechCommand,
  keysCommand,
  healthCommand,
  upgradeCommand,
  backupCommand,
  encryptSftpPasswordCommand,
  caCommand,
  demoCommand,
  labCommand,
  versionCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
