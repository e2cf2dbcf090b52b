/**
 * `ai-bridge show-tech [--out FILE] [--lines N]`: writes the support bundle (docs/operations.md,
 * "show-tech"). It reads the installation; it changes nothing but the file it writes.
 */
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { appliancePaths } from "../../appliance/paths.ts";
import { loadConfig } from "../../config/load.ts";
import { writeSupportBundle } from "../../support-bundle/bundle.ts";
import { stringOption, UsageError } from "../args.ts";
import type { Command } from "../command.ts";

const DEFAULT_LINES = 500;

function runProgram(argv: string[]): string | undefined {
  try {
    const proc = Bun.spawnSync(argv, { stdout: "pipe", stderr: "pipe", timeout: 5000 });
    return proc.exitCode === 0 ? proc.stdout.toString() : undefined;
  } catch {
    return undefined;
  }
}

export const showTechCommand: Command = {
  usage: "show-tech [--out FILE] [--lines N]",
  description:
    "Writes one .tar.gz (mode 600) for a support engineer: version and build, OS and systemd facts, the\n" +
    "configuration with every secret-bearing value masked, the last N lines of app.log and audit.log, /health,\n" +
    "certificate and key facts (subjects, SANs, expiry, fingerprints, sizes; never key material), profiles,\n" +
    "client names and modes (never tokens or secrets), the schema cache index, the integrity status and the\n" +
    "local backups. Every secret this installation holds is scrubbed from the bundle before it is written.",
  options: [
    { name: "out", value: "FILE", help: "where to write (default: show-tech-<host>-<time>.tar.gz in the root)" },
    { name: "lines", value: "N", help: `lines kept from the end of each log (default ${DEFAULT_LINES})` },
  ],
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError("show-tech takes no arguments besides its options");
    const linesText = stringOption(args, "lines") ?? String(DEFAULT_LINES);
    const logLines = Number(linesText);
    if (!Number.isInteger(logLines) || logLines < 1 || logLines > 100_000) {
      throw new UsageError(`--lines takes a whole number from 1 to 100000, not "${linesText}"`);
    }
    const { config } = loadConfig(ctx.root);
    const stamp = new Date().toISOString().replaceAll(/[-:]/g, "").replace("T", "-").slice(0, 15);
    const folder = `show-tech-${hostname()}-${stamp}`;
    const out = resolve(stringOption(args, "out") ?? join(ctx.root, `${folder}.tar.gz`));
    const result = await writeSupportBundle({
      config,
      paths: appliancePaths(config),
      logLines,
      run: runProgram,
      out,
      folder,
    });
    ctx.out(
      `wrote ${result.path} (${result.files.length} files, ${result.bytes} bytes); open with: tar -xzf ${result.path}`,
    );
    return 0;
  },
};
