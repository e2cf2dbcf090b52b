/**
 * The MCP layer: serves MCP_SERVER_URL_PATH behind the bearer check the auth layer returned
 * (GET, POST, DELETE: the SDK answers 405 where the era has no such method), with the profile
 * store (hot reload), the rate limiter and the modules the composition root built. Modules that
 * hold resources are closed once at shutdown.
 */
import type { ApplianceCore } from "../appliance/startup.ts";
import type { BearerCheck } from "../auth/auth-layer.ts";
import type { Principal } from "../auth/principal.ts";
import { clientPaths } from "../clients/client-paths.ts";
import type { App } from "../http/app.ts";
import { createRateLimiter } from "../ratelimit/sliding-window.ts";
import { createProfileStore } from "../rbac/profile-store.ts";
import { openVault } from "../vault/vault.ts";
import { serverInstructions } from "./instructions.ts";
import { createMcpEndpoint } from "./sdk.ts";
import { createMcpService, type ToolModule } from "./service.ts";
import { createToolsetStore } from "./toolsets.ts";
import { createTrafficLimit } from "./traffic-limit.ts";

export interface McpLayerOptions {
  /** The auth layer's bearer check (sets the principal or refuses). */
  bearer: BearerCheck;
  modules: ToolModule[];
  /** Injected clock for the rate limiter (tests). */
  now?: () => number;
}

/** Mounts the endpoint; throws ToolRegistrationError at start when a module registers a bad tool. */
export function mountMcp(app: App, core: ApplianceCore, options: McpLayerOptions): void {
  const path = core.config.MCP_SERVER_URL_PATH;
  const profiles = createProfileStore({
    dir: core.paths.profilesDir,
    strict: Boolean(core.config.PROFILE_SCHEMA_STRICT),
    audit: core.audit,
    logger: core.logger,
  });
  core.onStop(() => profiles.close());
  for (const module of options.modules) if (module.close !== undefined) core.onStop(() => module.close?.());
  const service = createMcpService({
    serverName: core.config.MCP_SERVER_NAME,
    instructions: serverInstructions(core.config.MCP_SERVER_INSTRUCTIONS),
    logger: core.logger,
    audit: core.audit,
    openVault: (client) => openVault({ clientsDir: core.paths.clientsDir, secretsDir: core.paths.secretsDir, client }),
    profiles,
    limiter: createRateLimiter({ now: options.now }),
    modules: options.modules,
    caps: {
      textChars: core.config.MCP_SERVER_RESULT_TEXT_MAX_CHARS,
      dataBytes: core.config.MCP_SERVER_RESULT_DATA_MAX_BYTES,
    },
    toolsets: createToolsetStore((client) => clientPaths(core.paths.clientsDir, client).toolsets),
  });
  const overLimit = createTrafficLimit({
    limiter: createRateLimiter({ now: options.now }),
    profiles,
    audit: core.audit,
    now: options.now,
  });
  const endpoint = createMcpEndpoint<Principal>(service.surfaceFor, {
    onError: (error) => core.logger.warn({ err: error }, "MCP request rejected"),
  });
  app.use(path, options.bearer);
  app.all(path, async (c) => {
    const principal = c.get("principal");
    if (principal === undefined) return new Response(JSON.stringify({ error: "unauthorized" }), { status: 401 });
    const refused = overLimit(principal);
    if (refused !== undefined) {
      await c.req.raw.body?.cancel().catch(() => undefined);
      return refused;
    }
    // The body is read whole, within a time limit, before the idle timeout is lifted for the
    // streamed answer: otherwise a client that stalls (or drips) its body would hold a connection forever.
    const body = await bodyWithin(c.req.raw, BODY_TIME_LIMIT_MS);
    if (body === TOO_SLOW)
      return Response.json(
        { error: "request_timeout", message: `The request body did not arrive within ${BODY_TIME_LIMIT_MS / 1000} s` },
        { status: 408, headers: { connection: "close" } },
      );
    c.env?.server?.timeout(c.req.raw, 0);
    return endpoint(c.req.raw, principal, body);
  });
  core.logger.info({ tools: service.tools.length, path }, "MCP endpoint mounted");
}

/** How long an authenticated client has to send its whole request body. */
const BODY_TIME_LIMIT_MS = 20_000;

const TOO_SLOW = Symbol("body too slow");

/** The request's whole body (undefined when it has none), or TOO_SLOW when it took longer than `ms`. */
async function bodyWithin(request: Request, ms: number): Promise<ArrayBuffer | undefined | typeof TOO_SLOW> {
  if (request.body === null) return undefined;
  let timer: number | ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof TOO_SLOW>((resolve) => {
    timer = setTimeout(() => resolve(TOO_SLOW), ms);
  });
  try {
    return await Promise.race([request.arrayBuffer(), late]);
  } finally {
    clearTimeout(timer);
  }
}
