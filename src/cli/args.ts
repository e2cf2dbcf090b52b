/**
 * A small, strict command-line parser: `--name value`, `--name=value`, boolean `--flag`,
 * and positionals. Unknown options are reported, never silently ignored.
 */

/** What a command declares about one option. */
export interface OptionSpec {
  /** Long name without the dashes. */
  name: string;
  /** `true` for a flag that takes no value. */
  boolean?: boolean;
  /** One line shown by `--help`. */
  help: string;
  /** Placeholder for the value in help text (e.g. `DIR`). */
  value?: string;
  /** May be given several times; the values are collected in order. */
  multiple?: boolean;
}

export interface ParsedArgs {
  options: Record<string, string | boolean | string[]>;
  positionals: string[];
}

/** Raised for a malformed command line; the message is shown to the user as is. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Parses `argv` against the declared options; throws `UsageError` on anything unknown. */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const options: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "--") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (spec.boolean) {
      if (eq !== -1) throw new UsageError(`option --${name} takes no value`);
      options[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) throw new UsageError(`option --${name} needs a value (${spec.value ?? "VALUE"})`);
    if (spec.multiple) {
      const previous = options[name];
      options[name] = [...(Array.isArray(previous) ? previous : []), value];
    } else options[name] = value;
  }
  return { options, positionals };
}

/** Reads a string option, or undefined. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === "string" ? value : undefined;
}

/** Reads a repeatable option (empty when absent). */
export function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.options[name];
  return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
}

/** Reads a boolean flag. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

/** Formats the options block of a help text. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((spec) => [`--${spec.name}${spec.value ? ` ${spec.value}` : ""}`, spec.help] as const);
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n");
}
