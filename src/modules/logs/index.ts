/**
 * The logs module: trace and log files of CUCM nodes (Log Collection), fetched into the caller's
 * own downloads (DIME GetOneFile), read back as resources in pages, and SIP ladders of calls
 * from SDL traces; the calls of CDR files (CDR on Demand). docs/logs-and-traces.md says what
 * each tool does on a real node.
 */
import type { ToolModule } from "../../mcp/service.ts";
import { capturesTool, captureTool, pcapSummaryTool } from "./capture-tools.ts";
import { cdrCallsTool, cdrListTool } from "./cdr-tools.ts";
import type { LogsDeps } from "./deps.ts";
import { downloadsTool, logsDownloadTool, logsListTool, sipLadderTool } from "./log-tools.ts";
import { downloadResources } from "./resources.ts";

/** Builds the module. */
export function create(deps: LogsDeps): ToolModule {
  return {
    name: "logs",
    toolset: "logs",
    tools: [
      logsListTool(deps),
      logsDownloadTool(deps),
      downloadsTool(deps),
      sipLadderTool(deps),
      captureTool(deps),
      capturesTool(deps),
      pcapSummaryTool(deps),
      cdrListTool(deps),
      cdrCallsTool(deps),
    ],
    resourceCollections: [downloadResources(deps)],
  };
}
