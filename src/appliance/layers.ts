/**
 * The layers mounted on the HTTP app, in request order: auth, then MCP. This is the one place
 * that wires them: the auth layer returns its bearer check, which is handed to the MCP layer
 * together with the modules built by the composition root (modules.ts).
 */
import { mountAuth } from "../auth/auth-layer.ts";
import { mountMcp } from "../mcp/mcp-layer.ts";
import type { ToolModule } from "../mcp/service.ts";
import { createModules, type ModuleInjections } from "./modules.ts";
import type { ApplianceCore, Layer } from "./startup.ts";

export interface ApplianceLayerOptions {
  /** Side effects injected into the product modules (tests, benchmarks). */
  inject?: ModuleInjections;
  /** Picks or extends the modules served (default: every module). */
  modules?: (built: ToolModule[], core: ApplianceCore) => ToolModule[];
  /** Clock of the MCP rate limiter (tests). */
  now?: () => number;
}

/** The production layers (tests pass options to pick modules or inject side effects). */
export function applianceLayers(options: ApplianceLayerOptions = {}): Layer[] {
  return [
    async (app, core) => {
      const bearer = await mountAuth(app, core);
      const { config, logger, paths } = core;
      const sources = { config, logger, secretsDir: paths.secretsDir, clientsDir: paths.clientsDir };
      const built = createModules(sources, options.inject);
      const modules = options.modules === undefined ? built : options.modules(built, core);
      mountMcp(app, core, { bearer, modules, now: options.now });
    },
  ];
}
