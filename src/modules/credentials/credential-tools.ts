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
  axl: "AXL/RIS API (application user)",
  os: "OS administrator (VOS CLI over SSH)",
  phone: "phone web server (screenshots)",
  cupi: "CUPI REST API (administrator)",
};

const host = v.pipe(
  v.string(),
  v.trim(),
  v.regex(RBAC_PATTERNS.host, "host must be a host name or IP address"),
  v.description("Node host name or IP address, as the agent will address it later"),
);
const secretInput = v.object({
  host,
  username: v.pipe(v.string(), v.minLength(1), v.maxLength(128), v.description("User name on the node")),
  password: v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(512),
    v.description("Password; stored encrypted, never shown again"),
  ),
  port: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(1),
      v.maxValue(65535),
      v.description("Port, when not the configured default"),
    ),
  ),
});

/** Phone credentials may opt in to plain HTTP for phones without HTTPS web access (explicitly; the default is HTTPS only). */
const phoneSecretInput = v.object({
  ...secretInput.entries,
  plainHttp: v.optional(
    v.pipe(
      v.boolean(),
      v.description(
        "true ONLY for phones whose web server has no HTTPS: screenshots then go over plain HTTP and the phone user's password crosses the network IN CLEAR. Default false: HTTPS only, never a fallback.",
      ),
    ),
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
    title: `Store ${what}`,
    description: `Stores ${what} for one host in your encrypted vault (per client; other clients never see them). Fails if the host already has them: use ${toolName("update")} to change them.`,
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
    title: `Update ${what}`,
    description: `Replaces the stored ${what} of one host (e.g. after a password change). Fails if none are stored: use ${toolName("store")} first.`,
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
    title: `Delete ${what}`,
    description: `Deletes the stored ${what} of one host from your vault. Tools needing them will then fail with CredentialsMissingError.`,
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
