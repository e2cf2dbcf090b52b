/**
 * Checks for setup's answers, one answer at a time, so the interactive wizard can ask again at
 * once instead of failing after the last question. Each problem names the key, the value given
 * and what is allowed, once; none cites a line of a file that was never written.
 */
import { ConfigInvalidError, describeIssue, parseConfigText } from "../config/load.ts";
import { CONFIG_SPEC } from "../config/schema.ts";
import { RBAC_PATTERNS } from "../util/patterns.ts";
import { buildEnvText, defaultPublicHost, type SetupAnswers } from "./wizard.ts";

/** The values the wizard offers to keep, read from the current file (or the template). */
export interface CurrentSettings {
  publicHost: string;
  port: string;
  bindHost: string;
  authMode: string;
  clients: string;
}

/** What the wizard shows in brackets: the file's values, the template's placeholders replaced. */
export function currentSettings(text: string, root: string): CurrentSettings {
  let config: ReturnType<typeof parseConfigText>["config"] | undefined;
  try {
    config = parseConfigText(text, root).config;
  } catch {
    config = undefined;
  }
  const issuerHost = config ? new URL(config.AUTH_ISSUER).hostname : "mcp.domain.com";
  return {
    publicHost: issuerHost === "mcp.domain.com" ? defaultPublicHost() : issuerHost,
    port: String(config?.MCP_SERVER_PORT ?? CONFIG_SPEC.MCP_SERVER_PORT.default),
    bindHost: config?.MCP_SERVER_HOST ?? CONFIG_SPEC.MCP_SERVER_HOST.default,
    authMode: config?.AUTH_MODE ?? CONFIG_SPEC.AUTH_MODE.default,
    clients: (config?.AUTH_CLIENTS ?? [])
      .map((c) => [c.name, c.subject, c.profile, c.mode].filter(Boolean).join(":"))
      .join(","),
  };
}

/** The public host: a host name or IP address (it goes into AUTH_ISSUER and the allowed hosts). */
export function hostProblem(reply: string): string | undefined {
  if (RBAC_PATTERNS.host.test(reply) && !reply.includes("..")) return undefined;
  return `AUTH_ISSUER host: "${reply}" is not a host name or IP address (allowed: a DNS name such as mcp.example.com, or an IP)`;
}

/** The HTTPS port. */
export function portProblem(reply: string): string | undefined {
  const port = Number(reply);
  if (reply !== "" && Number.isInteger(port) && port >= 1 && port <= 65535) return undefined;
  return `MCP_SERVER_PORT: "${reply}" is not a port (allowed: ${CONFIG_SPEC.MCP_SERVER_PORT.allowed})`;
}

/**
 * Builds the configuration from the answers so far and returns the problems of `key`, or
 * undefined when it is fine (problems of other keys are left to the final check).
 */
export function answerProblem(
  existing: string | undefined,
  answers: SetupAnswers,
  root: string,
  key: string,
): string | undefined {
  try {
    buildEnvText(existing, answers, root);
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigInvalidError)) throw error;
    const mine = error.issues.filter((issue) => issue.key === key);
    return mine.length === 0 ? undefined : mine.map((issue) => describeIssue(issue, false)).join("; ");
  }
}

/** The final report when the new configuration does not validate: nothing was written. */
export function notWrittenReport(error: ConfigInvalidError): string {
  const count = `${error.issues.length} invalid setting${error.issues.length === 1 ? "" : "s"}`;
  return [`.env was not written (${count}):`, ...error.issues.map((i) => `  ${describeIssue(i, false)}`)].join("\n");
}
