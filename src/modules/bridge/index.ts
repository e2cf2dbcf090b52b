/** The bridge module: tools about the bridge itself and the caller (bridge_whoami, bridge_list_hosts). */
import type { ToolModule } from "../../mcp/service.ts";
import { hostsTool } from "./hosts.ts";
import { whoamiTool } from "./whoami.ts";

/** Builds the module (it needs nothing beyond the caller's context). */
export function create(): ToolModule {
  return { name: "bridge", tools: [whoamiTool, hostsTool] };
}
