/**
 * The shape every subcommand of the binary has. Each command lives in its own file under
 * `commands/` and is listed explicitly in `registry.ts`.
 */
import type { OptionSpec, ParsedArgs } from "./args.ts";

/** The process-level facts a command may use; nothing below main.ts reads them itself. */
export interface CommandContext {
  /** Absolute project root (the working directory, or `--root DIR`). */
  root: string;
  /** Writes a line to standard output. */
  out: (line: string) => void;
  /** Writes a line to standard error. */
  err: (line: string) => void;
  /** True when standard input and output are a terminal (interactive setup). */
  isTty: boolean;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line after `ai-bridge`, e.g. `token show|revoke <client>`. */
  usage: string;
  /** Longer description shown by `help <command>`. */
  description: string;
  options: OptionSpec[];
  /** Runs the command; resolves to the process exit code. Long-running commands resolve on shutdown. */
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}
