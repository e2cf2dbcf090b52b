/**
 * The options of `ai-bridge credentials`, checked one by one: each error names the option,
 * the value given and what is allowed, so the administrator can fix the command line at once.
 */
import type { Config } from "../config/schema.ts";
import { CREDENTIAL_KINDS, type CredentialKind, normaliseHost, type VaultProduct } from "../vault/vault.ts";
import { type ParsedArgs, stringOption, UsageError } from "./args.ts";

/** Which credential of which node a command is about. */
export interface CredentialTarget {
  product: VaultProduct;
  kind: CredentialKind;
  host: string;
  port?: number;
}

const PRODUCTS = Object.keys(CREDENTIAL_KINDS) as VaultProduct[];
const MAX_USERNAME = 128;

function required(args: ParsedArgs, name: string, action: string, allowed: string): string {
  const value = stringOption(args, name);
  if (value === undefined || value.trim() === "")
    throw new UsageError(`credentials ${action} needs --${name} (${allowed})`);
  return value.trim();
}

/** The client whose vault is changed: it must be declared in AUTH_CLIENTS. */
export function requireClient(config: Pick<Config, "AUTH_CLIENTS">, name: string | undefined): string {
  const known = config.AUTH_CLIENTS.map((c) => c.name);
  const allowed = known.length === 0 ? "AUTH_CLIENTS is empty; add the client with ai-bridge setup" : known.join(", ");
  if (name === undefined || name.trim() === "") throw new UsageError(`--client is required (one of: ${allowed})`);
  if (!known.includes(name)) throw new UsageError(`--client "${name}" is not in AUTH_CLIENTS (one of: ${allowed})`);
  return name;
}

/** Product, kind, host and port for set / delete; only the product (if given) for list. */
export function parseTarget(args: ParsedArgs, action: "set" | "delete" | "list"): CredentialTarget {
  const product = required(args, "product", action, PRODUCTS.join(" / ")) as VaultProduct;
  if (!PRODUCTS.includes(product))
    throw new UsageError(`--product "${product}" is not a product (allowed: ${PRODUCTS.join(" / ")})`);
  const kinds: readonly CredentialKind[] = CREDENTIAL_KINDS[product];
  if (action === "list") return { product, kind: kinds[0]!, host: "" };
  const kind = required(args, "kind", action, kinds.join(" / ")) as CredentialKind;
  if (!kinds.includes(kind))
    throw new UsageError(`--kind "${kind}" is not a ${product} credential kind (allowed: ${kinds.join(" / ")})`);
  const rawHost = required(args, "host", action, "the node's host name or IP address");
  let host: string;
  try {
    host = normaliseHost(rawHost);
  } catch {
    throw new UsageError(`--host "${rawHost}" is not a host name or IP address`);
  }
  const rawPort = stringOption(args, "port");
  if (rawPort === undefined) return { product, kind, host };
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--port "${rawPort}" is not a port (allowed: 1-65535)`);
  return { product, kind, host, port };
}

/** The user name, when given (1-128 characters). */
export function parseUsername(args: ParsedArgs): string | undefined {
  const username = stringOption(args, "username");
  if (username === undefined) return undefined;
  if (username.trim() === "" || username.length > MAX_USERNAME)
    throw new UsageError(`--username "${username}" must be 1-${MAX_USERNAME} characters`);
  return username.trim();
}
