/**
 * The serviceability module: service status, catalogue and control (ControlCenterServices) and
 * PerfMon (PerfmonService) for each product that serves these APIs (CUCM, IM&P), and the
 * DRF, certificate and platform trace settings real nodes offer over the VOS CLI.
 * docs/serviceability.md says what each tool does on a real node.
 */
import type { ToolModule } from "../../mcp/service.ts";
import type { ServiceabilityDeps } from "./deps.ts";
import { perfmonCollectTool, perfmonListTool, perfmonSampleTool } from "./perfmon-tools.ts";
import { serviceCatalogueTool, serviceControlTool, serviceStatusTool } from "./service-tools.ts";
import { traceSetTool, traceShowTool } from "./trace-tools.ts";
import { certificateListTool, drfStatusTool } from "./vos-tools.ts";

/** Builds the module. */
export function create(deps: ServiceabilityDeps): ToolModule {
  return {
    name: "serviceability",
    toolset: "serviceability",
    tools: deps.products.flatMap((uc) => {
      const p = { uc, controlCenter: deps.controlCenter, perfmon: deps.perfmon };
      return [
        serviceStatusTool(p),
        serviceCatalogueTool(p),
        serviceControlTool(p),
        perfmonListTool(p),
        perfmonCollectTool(p),
        perfmonSampleTool(p),
        certificateListTool(p),
        traceShowTool(p),
        traceSetTool(p),
        ...(uc.product === "cucm" ? [drfStatusTool(p)] : []),
      ];
    }),
  };
}
