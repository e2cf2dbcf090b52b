/**
 * The layers mounted on the HTTP app, in request order (auth, then MCP). Each layer lives
 * in its own folder; this list is the one place that wires them into the appliance.
 */
import { authLayer } from "../auth/auth-layer.ts";
import { mcpLayer } from "../mcp/mcp-layer.ts";
import { MODULES } from "../modules/index.ts";
import type { Layer } from "./startup.ts";

export function applianceLayers(): Layer[] {
  return [authLayer(), mcpLayer({ modules: MODULES })];
}
