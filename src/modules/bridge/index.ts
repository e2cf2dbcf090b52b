/** The bridge module: tools about the bridge itself (bridge_whoami). */
import type { ToolModule } from "../../mcp/service.ts";
import { whoamiTool } from "./whoami.ts";

/** Builds the module (it needs nothing beyond the caller's context). */
export function create(): ToolModule {
  return { name: "bridge", tools: [whoamiTool] };
}
