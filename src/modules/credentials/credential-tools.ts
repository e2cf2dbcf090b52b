/**
 * The credential tools (`<product>[_os|_phone]_{store,update,delete}_credentials`),
 * made by one factory per (product, kind). They write the caller's own vault only; the
 * password goes into the vault and nowhere else (not in results, logs or audit lines).
 * Store and update need a `tools.allow` match (admin, operator); delete is admin-only in the
 * default profiles.
 */
import * as v from "valibot";
import {
  ConflictError,
  CredentialsMissingError,
  LimitExceededError,
  NotFoundError,
  RateLimitError,
  ValidationError,
} from "../../mcp/errors.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import { RBAC_PATTERNS } from "../../util/patterns.ts";
import { normaliseHost, type ScopedVault, VAULT_WRITES_PER_MINUTE, VaultLimitError } from "../../vault/vault.ts";
import { type CredentialKind, credentialToolName, type Product, productLabel } from "../uc/products.ts";

const KIND_NAMES: Record<CredentialKind, string> = {
  axl: "AXL",
  os: "OS (SSH)",
  phone: "phone web",
  cupi: "CUPI",
};

const host = v.pipe(v.string(), v.trim(), v.regex(RBAC_PATTERNS.host, "host must be a host name or IP address"));
// Field descriptions are left out on purpose: the names say it, and the tool description says
// once that the password is stored encrypted and never shown again.
const secretInput = v.object({
  host,
  username: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(512)),
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535))),
});

/** Phone credentials may opt in to plain HTTP for phones without HTTPS web access (explicitly; the default is HTTPS only). */
const phoneSecretInput = v.object({
  ...secretInput.entries,
  plainHttp: v.optional(
    v.pipe(v.boolean(), v.description("only for phones without HTTPS: the password then crosses the network IN CLEAR")),
  ),
});

/** Runs a vault write, turning the vault's own limits into the typed tool errors. */
function limited<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (!(error instanceof VaultLimitError)) throw error;
    if (error.limit === "rate")
      throw new RateLimitError("credential changes", VAULT_WRITES_PER_MINUTE, error.retryAfterSeconds);
    throw new LimitExceededError(error.message, "Delete credentials you no longer use, or store a shorter value.");
  }
}

function safeHost(raw: string): string {
  try {
    return normaliseHost(raw);
  } catch (error) {
    throw new ValidationError((error as Error).message, ["host"]);
  }
}

/** The store, update and delete tools of one (product, kind). */
export function credentialWriteTools(product: Product, kind: CredentialKind): AnyTool[] {
  const toolName = (action: "store" | "update" | "delete") => credentialToolName(product, kind, action);
  const what = `${productLabel(product)} ${KIND_NAMES[kind]} credentials`;
  const audit = (
    ctx: { audit: { event(t: string, f: Record<string, unknown>): void }; principal: { clientName: string } },
    action: string,
    h: string,
  ) => ctx.audit.event("credential.changed", { client: ctx.principal.clientName, product, kind, host: h, action });
  /** Seals the secret in the caller's vault, audits the change (never the secret) and says what was kept. */
  const save = (
    ctx: Parameters<typeof audit>[0] & { vault: { put: ScopedVault["put"] } },
    h: string,
    input: { username: string; password: string; port?: number; plainHttp?: boolean },
    action: "stored" | "updated",
  ) => {
    const plainHttp = kind === "phone" && input.plainHttp === true;
    limited(() =>
      ctx.vault.put(product, kind, h, {
        username: input.username,
        password: input.password,
        port: input.port,
        ...(plainHttp ? { plainHttp } : {}),
      }),
    );
    ctx.audit.event("credential.changed", {
      client: ctx.principal.clientName,
      product,
      kind,
      host: h,
      action,
      ...(plainHttp ? { plainHttp } : {}),
    });
    const verb = action === "stored" ? "Stored" : "Updated";
    const clear = plainHttp ? "; screenshots over plain HTTP: the password is sent in clear" : "";
    // Text only: the sentence says all there is, and no outputSchema is needed in tools/list.
    return toolResult(
      `${verb} ${what} for ${h} (user ${input.username}${input.port === undefined ? "" : `, port ${input.port}`}${clear}).`,
    );
  };
  const input = kind === "phone" ? phoneSecretInput : secretInput;
  const store = defineTool({
    name: toolName("store"),
    description: `Stores your ${what} for a host, encrypted.`,
    input,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    product,
    restricted: true,
    host: (i) => i.host,
    async handler(input, ctx) {
      const h = safeHost(input.host);
      if (ctx.vault.get(product, kind, h) !== undefined)
        throw new ConflictError(`${what} for ${h} already exist`, `Use ${toolName("update")} to replace them.`);
      return save(ctx, h, input, "stored");
    },
  });
  const update = defineTool({
    name: toolName("update"),
    description: `Replaces your ${what} for a host.`,
    input,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    product,
    restricted: true,
    host: (i) => i.host,
    async handler(input, ctx) {
      const h = safeHost(input.host);
      if (ctx.vault.get(product, kind, h) === undefined) throw new CredentialsMissingError(product, kind, h);
      return save(ctx, h, input, "updated");
    },
  });
  const remove = defineTool({
    name: toolName("delete"),
    description: `Deletes your ${what} for a host.`,
    input: v.object({ host }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    product,
    restricted: true,
    host: (i) => i.host,
    async handler(input, ctx) {
      const h = safeHost(input.host);
      if (!limited(() => ctx.vault.remove(product, kind, h)))
        throw new NotFoundError(
          `No ${what} stored for ${h}`,
          `Call ${product}_list_credentials to see the stored hosts.`,
        );
      audit(ctx, "deleted", h);
      return toolResult(`Deleted ${what} for ${h}.`);
    },
  });
  return [store, update, remove];
}
