/**
 * The MCP layer (issue #4): mounted after the auth layer, it serves MCP_SERVER_URL_PATH behind
 * `requireBearer` (GET, POST, DELETE: the SDK answers 405 where the era has no such method),
 * with the profile store (hot reload), the rate limiter and the module registry.
 */
import type { ApplianceCore, Layer } from "../appliance/startup.ts";
import { requireBearer } from "../auth/bearer-middleware.ts";
import type { Principal } from "../auth/principal.ts";
import type { App } from "../http/app.ts";
import { createRateLimiter } from "../ratelimit/sliding-window.ts";
import { createProfileStore } from "../rbac/profile-store.ts";
import { createMcpEndpoint } from "./sdk.ts";
import { createMcpService, type ToolModule } from "./service.ts";

export interface McpLayerOptions {
  modules: ToolModule[];
  /** Injected clock for the rate limiter (tests). */
  now?: () => number;
}

/** The layer; throws ToolRegistrationError at start when a module registers a bad tool. */
export function mcpLayer(options: McpLayerOptions): Layer {
  return (app: App, core: ApplianceCore) => {
    const path = core.config.MCP_SERVER_URL_PATH;
    const profiles = createProfileStore({
      dir: core.paths.profilesDir,
      strict: Boolean(core.config.PROFILE_SCHEMA_STRICT),
      audit: core.audit,
      logger: core.logger,
    });
    core.onStop(() => profiles.close());
    const service = createMcpService({
      core,
      profiles,
      limiter: createRateLimiter({ now: options.now }),
      modules: options.modules,
    });
    const endpoint = createMcpEndpoint<Principal>(service.surfaceFor, (error) =>
      core.logger.warn({ err: error }, "MCP request rejected"),
    );
    app.use(path, requireBearer(core));
    app.all(path, async (c) => {
      const principal = c.get("principal");
      if (principal === undefined) return new Response(JSON.stringify({ error: "unauthorized" }), { status: 401 });
      c.env?.server?.timeout(c.req.raw, 0);
      return endpoint(c.req.raw, principal);
    });
    core.logger.info({ tools: service.tools.length, path }, "MCP endpoint mounted");
  };
}
