/**
 * Entry point of the `ai-bridge` binary. The only module that touches process-level state:
 * argv, the working directory, the terminal and the exit code. Every command gets these
 * through its CommandContext.
 */
import { resolve } from "node:path";
import { retainFreedMemory } from "./appliance/allocator.ts";
import { parseArgs, UsageError } from "./cli/args.ts";
import type { CommandContext } from "./cli/command.ts";
import { commandHelp, generalHelp } from "./cli/help.ts";
import { COMMANDS, findCommand } from "./cli/registry.ts";
import { ConfigInvalidError, ConfigMissingError } from "./config/load.ts";

async function main(argv: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let root = process.cwd();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--root") {
      const dir = argv[++i];
      if (dir === undefined) {
        err("ai-bridge: --root needs a directory");
        return 1;
      }
      root = resolve(dir);
    } else if (arg.startsWith("--root=")) root = resolve(arg.slice("--root=".length));
    else rest.push(arg);
  }
  const first = rest[0];
  if (first === "--version" || first === "-v")
    return (await findCommand("version")!.load()).run({ options: {}, positionals: [] }, context());
  if (first === "--help" || first === "-h") {
    out(generalHelp(COMMANDS));
    return 0;
  }
  if (first === "help") {
    const target = rest[1] ? findCommand(rest[1]) : undefined;
    if (rest[1] && !target) {
      err(`ai-bridge: unknown command "${rest[1]}"; run ai-bridge --help`);
      return 1;
    }
    out(target ? commandHelp(target, await target.load()) : generalHelp(COMMANDS));
    return 0;
  }
  const name = first === undefined || first.startsWith("--") ? "serve" : first;
  const entry = findCommand(name);
  if (!entry) {
    err(`ai-bridge: unknown command "${name}"; run ai-bridge --help`);
    return 1;
  }
  const commandArgv = first === name ? rest.slice(1) : rest;
  const help = commandArgv.includes("--help") || commandArgv.includes("-h");
  // Before the server's code is even loaded: may replace the process with itself (allocator.ts).
  if (name === "serve" && !help) retainFreedMemory();
  const command = await entry.load();
  if (help) {
    out(commandHelp(entry, command));
    return 0;
  }
  try {
    const args = parseArgs(commandArgv, command.options);
    return await command.run(args, context());
  } catch (error) {
    if (error instanceof UsageError)
      err(`ai-bridge ${entry.name}: ${error.message} (see ai-bridge help ${entry.name})`);
    else if (error instanceof ConfigMissingError) err(`ai-bridge: ${error.message}`);
    else if (error instanceof ConfigInvalidError) err(error.report());
    else err(`ai-bridge ${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  function context(): CommandContext {
    return { root, out, err, isTty: Boolean(process.stdin.isTTY && process.stdout.isTTY) };
  }
}

const code = await main(process.argv.slice(2));
process.exit(code);
