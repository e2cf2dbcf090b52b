/**
 * The setup wizard's logic, free of terminal I/O: from answers to the `.env` text. It keeps
 * an existing file's values and comments, changes only what was asked, and always writes
 * the PROJECT_* keys. The result is validated before anything touches the disk.
 */
import { hostname } from "node:os";
import * as v from "valibot";
import { parseDotenv, resolveDotenv } from "../config/dotenv.ts";
import { updateEnvText } from "../config/env-writer.ts";
import { parseConfigText } from "../config/load.ts";
import { CONFIG_SPEC, type Config, type ConfigKey } from "../config/schema.ts";
import { ENV_TEMPLATE } from "../config/template.ts";
import { PROJECT_CREATOR, PROJECT_NAME, PROJECT_VERSION } from "../version.ts";
import { type CurrentAddress, freshAddress, movedAddress } from "./address.ts";

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

/** A key's value in `text` as the server would read it, or its default when missing or invalid. */
function currentValue<K extends ConfigKey>(values: ReadonlyMap<string, string | undefined>, key: K): Config[K] {
  const spec = CONFIG_SPEC[key];
  const schema = spec.schema as v.GenericSchema<string, Config[K]>;
  const parsed = v.safeParse(schema, values.get(key) ?? spec.default);
  return parsed.success ? parsed.output : v.parse(schema, spec.default);
}

/** The address keys of an existing `.env`. */
function currentAddress(text: string): CurrentAddress {
  const values = resolveDotenv(parseDotenv(text).entries);
  return {
    issuer: currentValue(values, "AUTH_ISSUER"),
    port: currentValue(values, "MCP_SERVER_PORT"),
    hosts: currentValue(values, "MCP_SERVER_SECURITY_ALLOWED_HOSTS"),
    origins: currentValue(values, "MCP_SERVER_SECURITY_ALLOWED_ORIGINS"),
  };
}

/** Builds the updates setup applies for the given answers: nothing it was not asked for. */
function setupUpdates(answers: SetupAnswers, existingText: string | undefined): Record<string, string> {
  const updates: Record<string, string> = {
    PROJECT_NAME,
    PROJECT_VERSION,
    PROJECT_CREATOR,
  };
  const change = { host: answers.publicHost, port: answers.port };
  Object.assign(
    updates,
    existingText === undefined
      ? freshAddress(change.host ?? defaultPublicHost(), change.port ?? Number(CONFIG_SPEC.MCP_SERVER_PORT.default))
      : movedAddress(currentAddress(existingText), change),
  );
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
  const text = updateEnvText(base, setupUpdates(answers, existingText));
  parseConfigText(text, root);
  return text;
}
