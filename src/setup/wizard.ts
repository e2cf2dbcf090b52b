/**
 * The setup wizard's logic, free of terminal I/O: from answers to the `.env` text. It keeps
 * an existing file's values and comments, changes only what was asked, and always writes
 * the PROJECT_* keys. The result is validated before anything touches the disk.
 */
import { hostname } from "node:os";
import { updateEnvText } from "../config/env-writer.ts";
import { parseConfigText } from "../config/load.ts";
import { ENV_TEMPLATE } from "../config/template.ts";
import { PROJECT_CREATOR, PROJECT_NAME, PROJECT_VERSION } from "../version.ts";

/** What setup may be told (flags or interactive answers); undefined = keep / default. */
export interface SetupAnswers {
  /** Public DNS name or IP agents use to reach the server. */
  publicHost?: string;
  port?: number;
  bindHost?: string;
  authMode?: string;
  /** AUTH_CLIENTS value. */
  clients?: string;
  rsaKeySize?: string;
  /** Any other KEY=VALUE assignments. */
  extra?: Record<string, string>;
}

/** The default public host: this machine's name. */
export function defaultPublicHost(): string {
  return hostname() || "localhost";
}

/** Builds the updates setup applies for the given answers. */
function setupUpdates(answers: SetupAnswers, existing: boolean): Record<string, string> {
  const updates: Record<string, string> = {
    PROJECT_NAME,
    PROJECT_VERSION,
    PROJECT_CREATOR,
  };
  const port = answers.port;
  const host = answers.publicHost ?? (existing ? undefined : defaultPublicHost());
  if (host !== undefined || port !== undefined) {
    const h = host ?? "localhost";
    const p = port ?? 8443;
    updates["AUTH_ISSUER"] = `https://${h}:${p}`;
    const hosts = ["localhost:*", "127.0.0.1:*"];
    if (!hosts.includes(`${h}:*`)) hosts.push(`${h}:*`);
    updates["MCP_SERVER_SECURITY_ALLOWED_HOSTS"] = hosts.join(",");
    const origins = [`https://localhost:${p}`, `https://127.0.0.1:${p}`];
    if (!origins.includes(`https://${h}:${p}`)) origins.push(`https://${h}:${p}`);
    updates["MCP_SERVER_SECURITY_ALLOWED_ORIGINS"] = origins.join(",");
  }
  if (port !== undefined) updates["MCP_SERVER_PORT"] = String(port);
  if (answers.bindHost !== undefined) updates["MCP_SERVER_HOST"] = answers.bindHost;
  if (answers.authMode !== undefined) updates["AUTH_MODE"] = answers.authMode;
  if (answers.clients !== undefined) updates["AUTH_CLIENTS"] = answers.clients;
  if (answers.rsaKeySize !== undefined) updates["AUTH_RSA_KEY_SIZE"] = answers.rsaKeySize;
  Object.assign(updates, answers.extra ?? {});
  return updates;
}

/** Returns the new `.env` text, or throws ConfigInvalidError naming what is wrong. */
export function buildEnvText(existingText: string | undefined, answers: SetupAnswers, root: string): string {
  const base = existingText ?? ENV_TEMPLATE;
  const text = updateEnvText(base, setupUpdates(answers, existingText !== undefined));
  parseConfigText(text, root);
  return text;
}
