/**
 * `ai-bridge setup`: writes `.env` (mode 600). Interactive on a terminal; `--non-interactive`
 * takes flags (or defaults) for automation. Existing values and comments are kept.
 */
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { ConfigInvalidError, envPathFor, parseConfigText } from "../../config/load.ts";
import { ENV_TEMPLATE } from "../../config/template.ts";
import { SECRET_FILE_MODE, writeFileAtomic } from "../../fs/atomic.ts";
import { buildEnvText, defaultPublicHost, type SetupAnswers } from "../../setup/wizard.ts";
import { CONFIG_PATTERNS } from "../../util/patterns.ts";
import { flag, listOption, type ParsedArgs, stringOption, UsageError } from "../args.ts";
import type { Command, CommandContext } from "../command.ts";

function answersFromFlags(args: ParsedArgs): SetupAnswers {
  const answers: SetupAnswers = {};
  const port = stringOption(args, "port");
  if (port !== undefined) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--port must be 1-65535, not "${port}"`);
    answers.port = n;
  }
  answers.publicHost = stringOption(args, "public-host");
  answers.bindHost = stringOption(args, "bind");
  answers.authMode = stringOption(args, "auth-mode");
  answers.clients = stringOption(args, "clients");
  answers.rsaKeySize = stringOption(args, "rsa-key-size");
  const extra: Record<string, string> = {};
  for (const assignment of listOption(args, "set")) {
    const eq = assignment.indexOf("=");
    const key = eq > 0 ? assignment.slice(0, eq) : "";
    if (!CONFIG_PATTERNS.envKey.test(key)) throw new UsageError(`--set takes KEY=VALUE, not "${assignment}"`);
    extra[key] = assignment.slice(eq + 1);
  }
  answers.extra = extra;
  return answers;
}

async function askInteractively(ctx: CommandContext, current: string, answers: SetupAnswers): Promise<void> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const { config } = (() => {
    try {
      return parseConfigText(current, ctx.root);
    } catch {
      return parseConfigText(ENV_TEMPLATE, ctx.root);
    }
  })();
  // Reading through the line iterator buffers lines typed (or pasted) ahead of a prompt.
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (question: string, fallback: string) => {
    process.stdout.write(`${question} [${fallback}]: `);
    const next = await lines.next();
    if (next.done) throw new UsageError("input ended before setup finished; nothing was written");
    const reply = String(next.value).trim();
    return reply === "" ? fallback : reply;
  };
  try {
    ctx.out("AI-Bridge for Cisco UC setup. Press Enter to keep the value in brackets.");
    const issuerHost = new URL(config.AUTH_ISSUER).hostname;
    answers.publicHost ??= await ask(
      "Public host name agents will use",
      issuerHost === "mcp.domain.com" ? defaultPublicHost() : issuerHost,
    );
    answers.port ??= Number(await ask("HTTPS port", String(config.MCP_SERVER_PORT)));
    answers.bindHost ??= await ask("Bind address", config.MCP_SERVER_HOST);
    answers.authMode ??= await ask("Authentication mode (jwt / oauth2 / jwt+oauth2)", config.AUTH_MODE);
    const clients = config.AUTH_CLIENTS.map((c) =>
      [c.name, c.subject, c.profile, c.mode].filter(Boolean).join(":"),
    ).join(",");
    const stamp = new Date().toISOString().slice(0, 10).replaceAll("-", "");
    answers.clients ??= await ask(
      "Clients (name:subject:profile, comma-separated)",
      clients || `admin:sub-admin-${stamp}:admin`,
    );
  } finally {
    rl.close();
  }
}

export const setupCommand: Command = {
  name: "setup",
  summary: "write or update .env (interactive, or --non-interactive with flags)",
  usage: "setup [--non-interactive] [options]",
  description:
    "Creates .env from the built-in template, or updates an existing one in place (values and comments are kept).\n" +
    "PROJECT_NAME, PROJECT_VERSION and PROJECT_CREATOR are always rewritten. The file is written atomically, mode 600,\n" +
    "and only after the new configuration validates.",
  options: [
    { name: "non-interactive", boolean: true, help: "do not prompt; use flags and defaults" },
    { name: "public-host", value: "NAME", help: "public DNS name or IP (sets AUTH_ISSUER, allowed hosts and origins)" },
    { name: "port", value: "PORT", help: "HTTPS port (MCP_SERVER_PORT)" },
    { name: "bind", value: "ADDR", help: "bind address (MCP_SERVER_HOST)" },
    { name: "auth-mode", value: "MODE", help: "jwt / oauth2 / jwt+oauth2 (AUTH_MODE)" },
    { name: "clients", value: "LIST", help: "AUTH_CLIENTS, e.g. alice:sub-alice:admin" },
    { name: "rsa-key-size", value: "BITS", help: "2048 / 3072 / 4096 (AUTH_RSA_KEY_SIZE)" },
    { name: "set", value: "KEY=VALUE", multiple: true, help: "set any other key (repeatable)" },
  ],
  async run(args, ctx) {
    const envPath = envPathFor(ctx.root);
    const existing = existsSync(envPath) ? readFileSync(envPath, "utf8") : undefined;
    const answers = answersFromFlags(args);
    if (!flag(args, "non-interactive")) {
      if (!ctx.isTty) throw new UsageError("no terminal to ask questions on: use --non-interactive with flags");
      await askInteractively(ctx, existing ?? ENV_TEMPLATE, answers);
    }
    let text: string;
    try {
      text = buildEnvText(existing, answers, ctx.root);
    } catch (error) {
      if (error instanceof ConfigInvalidError) {
        ctx.err(error.report().replace("the server was not started", ".env was not written"));
        return 1;
      }
      throw error;
    }
    writeFileAtomic(envPath, text, { mode: SECRET_FILE_MODE });
    ctx.out(`${existing === undefined ? "wrote" : "updated"} ${envPath} (mode 600). Start with: ai-bridge serve`);
    return 0;
  },
};
