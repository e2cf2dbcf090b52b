/**
 * The report module: findings saved per client in `clients/<name>/reports/`, rendered as
 * Markdown (also served as MCP resources) and exported to PDF with charts and the client's logo.
 * The composition root (src/appliance/modules.ts) builds the deps.
 */
import type { ToolModule } from "../../mcp/service.ts";
import { createTool } from "./create-tool.ts";
import { deleteTool } from "./delete-tool.ts";
import type { ReportDeps } from "./deps.ts";
import { exportPdfTool } from "./export-pdf-tool.ts";
import { getTool } from "./get-tool.ts";
import { listTool } from "./list-tool.ts";
import { reportResources } from "./resources.ts";

export type { ReportDeps };

/** Builds the module. */
export function create(deps: ReportDeps): ToolModule {
  return {
    name: "report",
    tools: [createTool(deps), listTool(deps), getTool(deps), exportPdfTool(deps), deleteTool(deps)],
    resourceCollections: [reportResources(deps)],
  };
}
