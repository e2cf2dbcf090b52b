/** The bridge module: tools about the bridge itself and the caller (bridge_whoami, bridge_list_hosts). */
import type { ToolModule } from "../../mcp/service.ts";
import { type ClusterRoleReaderDeps, createClusterRoleReader } from "./cluster-roles.ts";
import { hostsTool } from "./hosts.ts";
import { whoamiTool } from "./whoami.ts";

/** Builds the module: bridge_list_hosts reads cluster roles over each product's VOS SSH pool. */
export function create(deps: ClusterRoleReaderDeps): ToolModule {
  return { name: "bridge", tools: [whoamiTool, hostsTool(createClusterRoleReader(deps))] };
}
