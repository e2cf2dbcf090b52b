/** Help texts: the command list and per-command usage. */
import { PRODUCT_NAME, VERSION } from "../version.ts";
import { formatOptions } from "./args.ts";
import type { Command, CommandEntry } from "./command.ts";

export function generalHelp(commands: readonly CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${PRODUCT_NAME} ${VERSION}: MCP server appliance for Cisco UC (CUCM, IM&P, Unity Connection)`,
    "",
    "Usage: ai-bridge [--root DIR] <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global options:",
    "  --root DIR     project root (default: the working directory)",
    "  --help, -h     this text; `ai-bridge help <command>` or `<command> --help` for one command",
    "  --version, -v  print the version",
  ].join("\n");
}

export function commandHelp(entry: CommandEntry, command: Command): string {
  const lines = [`Usage: ai-bridge ${command.usage}`, "", entry.summary, "", command.description];
  if (command.options.length > 0) lines.push("", "Options:", formatOptions(command.options));
  return lines.join("\n");
}
