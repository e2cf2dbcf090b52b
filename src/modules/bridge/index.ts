/** The bridge module: tools about the bridge itself (bridge_whoami). */
import type { ToolModule } from "../../mcp/service.ts";
import { whoamiTool } from "./whoami.ts";

/** The module as the registry lists it. */
export const bridgeModule: ToolModule = { name: "bridge", tools: [whoamiTool] };
