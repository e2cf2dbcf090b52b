/**
 * The shape every subcommand of the binary has. Each command lives in its own file under
 * `commands/`; `registry.ts` lists its name and summary and loads that file only when needed.
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

/** What the command list needs (cheap: no command module is loaded), and how to load the command. */
export interface CommandEntry {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Imports the command's module (and its dependencies) on first use. */
  load(): Promise<Command>;
}

/** A loaded command: its usage, options and what it does. */
export interface Command {
  /** Usage line after `ai-bridge`, e.g. `token show|revoke <client>`. */
  usage: string;
  /** Longer description shown by `help <command>`. */
  description: string;
  options: OptionSpec[];
  /** Runs the command; resolves to the process exit code. Long-running commands resolve on shutdown. */
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}
