/**
 * `ai-bridge setup`: writes `.env` (mode 600). Interactive on a terminal; `--non-interactive`
 * takes flags (or defaults) for automation. Only what is asked changes; values and comments are kept.
 */
import { chownSync, existsSync, readFileSync, statSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { ConfigInvalidError, envPathFor, loadConfig } from "../../config/load.ts";
import { ENV_TEMPLATE } from "../../config/template.ts";
import { SECRET_FILE_MODE, writeFileAtomic } from "../../fs/atomic.ts";
import { runningBinary, SYSTEMD_UNIT_FILE } from "../../integrity/file-set.ts";
import { loadIntegrityKeys, manifestPath, refreshEntries } from "../../integrity/manifest.ts";
import {
  answerProblem,
  currentSettings,
  hostProblem,
  notWrittenReport,
  portProblem,
} from "../../setup/answer-checks.ts";
import { buildEnvText, type SetupAnswers } from "../../setup/wizard.ts";
import { CONFIG_PATTERNS } from "../../util/patterns.ts";
import { flag, listOption, type ParsedArgs, stringOption, UsageError } from "../args.ts";
import type { Command, CommandContext } from "../command.ts";

function answersFromFlags(args: ParsedArgs): SetupAnswers {
  const answers: SetupAnswers = {};
  const port = stringOption(args, "port");
  if (port !== undefined) {
    const problem = portProblem(port);
    if (problem !== undefined) throw new UsageError(`--port: ${problem}`);
    answers.port = Number(port);
  }
  answers.publicHost = stringOption(args, "public-host");
  const hostIssue = answers.publicHost === undefined ? undefined : hostProblem(answers.publicHost);
  if (hostIssue !== undefined) throw new UsageError(`--public-host: ${hostIssue}`);
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

/** One interactive question: the answer it fills, the key that answer is checked as, its prompt. */
interface Question {
  field: "publicHost" | "port" | "bindHost" | "authMode" | "clients";
  key: string;
  prompt: string;
  /** The value kept on Enter. */
  fallback: string;
  /** A check of the reply itself, before it is tried in the configuration. */
  precheck?: (reply: string) => string | undefined;
}

async function askInteractively(ctx: CommandContext, existing: string | undefined, answers: SetupAnswers) {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const current = currentSettings(existing ?? ENV_TEMPLATE, ctx.root);
  // Reading through the line iterator buffers lines typed (or pasted) ahead of a prompt.
  const lines = rl[Symbol.asyncIterator]();
  /** Takes the reply when it is valid with the answers before it (AUTH_CLIENTS depends on AUTH_MODE). */
  const accept = (question: Question, reply: string): string | undefined => {
    const early = question.precheck?.(reply);
    if (early !== undefined) return early;
    const trial = { ...answers, [question.field]: question.field === "port" ? Number(reply) : reply };
    const problem = answerProblem(existing, trial, ctx.root, question.key);
    if (problem === undefined) Object.assign(answers, trial);
    return problem;
  };
  const ask = async (question: Question) => {
    for (;;) {
      process.stdout.write(`${question.prompt} [${question.fallback}]: `);
      const next = await lines.next();
      if (next.done) throw new UsageError("input ended before setup finished; nothing was written");
      const reply = String(next.value).trim();
      const problem = accept(question, reply === "" ? question.fallback : reply);
      if (problem === undefined) return;
      ctx.out(`  ${problem}; try again.`);
    }
  };
  const stamp = new Date().toISOString().slice(0, 10).replaceAll("-", "");
  const questions: Question[] = [
    {
      field: "publicHost",
      key: "AUTH_ISSUER",
      prompt: "Public host name agents will use",
      fallback: current.publicHost,
      precheck: hostProblem,
    },
    { field: "port", key: "MCP_SERVER_PORT", prompt: "HTTPS port", fallback: current.port, precheck: portProblem },
    { field: "bindHost", key: "MCP_SERVER_HOST", prompt: "Bind address", fallback: current.bindHost },
    {
      field: "authMode",
      key: "AUTH_MODE",
      prompt: "Authentication mode (jwt / oauth2 / jwt+oauth2)",
      fallback: current.authMode,
    },
    {
      field: "clients",
      key: "AUTH_CLIENTS",
      prompt: "Clients (name:subject:profile, comma-separated)",
      fallback: current.clients || `admin:sub-admin-${stamp}:admin`,
    },
  ];
  try {
    ctx.out("AI-Bridge for Cisco UC setup. Press Enter to keep the value in brackets.");
    for (const question of questions) if (answers[question.field] === undefined) await ask(question);
  } finally {
    rl.close();
  }
}

/**
 * A signed manifest follows what setup wrote: the .env entry (and its keys) is re-recorded,
 * every other entry stays as signed. Nothing happens before the first start (no key, no manifest).
 */
function recordEnvInManifest(root: string, owner: { uid: number; gid: number } | undefined): void {
  const { config } = loadConfig(root);
  const keys = loadIntegrityKeys(config);
  if (keys?.privateKey === undefined) return;
  const target = { config, files: { binary: runningBinary(), unitFile: SYSTEMD_UNIT_FILE } };
  if (!refreshEntries(target, keys as Required<typeof keys>, [envPathFor(root)])) return;
  if (owner !== undefined && owner.uid !== 0 && process.getuid?.() === 0) {
    chownSync(manifestPath(config), owner.uid, owner.gid);
  }
}

export const setupCommand: Command = {
  usage: "setup [--non-interactive] [options]",
  description:
    "Creates .env from the built-in template, or updates an existing one in place: only what is asked changes\n" +
    "(a new port or public host moves AUTH_ISSUER and the allowed hosts and origins with it; other values and\n" +
    "comments are kept). Interactive answers are checked one by one and asked again when refused.\n" +
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
      await askInteractively(ctx, existing, answers);
    }
    let text: string;
    try {
      text = buildEnvText(existing, answers, ctx.root);
    } catch (error) {
      if (error instanceof ConfigInvalidError) {
        ctx.err(notWrittenReport(error));
        return 1;
      }
      throw error;
    }
    const owner = existing === undefined ? undefined : statSync(envPath);
    writeFileAtomic(envPath, text, { mode: SECRET_FILE_MODE });
    // Rewritten by root, .env stays the service account's (the server must be able to read it).
    if (owner !== undefined && owner.uid !== 0 && process.getuid?.() === 0) chownSync(envPath, owner.uid, owner.gid);
    recordEnvInManifest(ctx.root, owner);
    ctx.out(`${existing === undefined ? "wrote" : "updated"} ${envPath} (mode 600). Start with: ai-bridge serve`);
    return 0;
  },
};
