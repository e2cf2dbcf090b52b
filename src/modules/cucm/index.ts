/**
 * The CUCM module: AXL, RisPort70, VOS SSH and phone tools, with the cluster prompts and
 * reference resources. The shared UC tools come from src/modules/uc/; the composition root
 * (src/appliance/modules.ts) builds the deps.
 */
import type { ToolModule } from "../../mcp/service.ts";
import { axlCallTool } from "../uc/axl-call-tool.ts";
import { axlToolkitTool } from "../uc/axl-toolkit-tool.ts";
import { axlVersionTool } from "../uc/axl-version.ts";
import { describeOperationTool, listOperationsTool } from "../uc/catalogue-tools.ts";
import { osCommandTool } from "../uc/os-command-tool.ts";
import { trustFingerprintTool } from "../uc/trust-tool.ts";
import { connectivityTool } from "./connectivity-tool.ts";
import type { CucmDeps } from "./deps.ts";
import { CUCM_PROMPTS } from "./prompts.ts";
import { CUCM_RESOURCES } from "./resources.ts";
import { risToolkitTool } from "./ris-toolkit-tool.ts";
import { risportCtiTool } from "./risport-cti-tool.ts";
import { risportTool } from "./risport-tool.ts";
import { screenshotTool } from "./screenshot-tool.ts";
import { AXL_CALL_TEXT, VERSION_TEXT } from "./text.ts";

export type { CucmDeps };

/** Builds the module. */
export function create(deps: CucmDeps): ToolModule {
  return {
    name: "cucm",
    tools: [
      axlVersionTool(deps, VERSION_TEXT),
      connectivityTool(deps),
      listOperationsTool(deps),
      describeOperationTool(deps),
      axlCallTool(deps, AXL_CALL_TEXT),
      axlToolkitTool(deps),
      risToolkitTool(deps),
      risportTool(deps),
      risportCtiTool(deps),
      osCommandTool(deps),
      trustFingerprintTool(deps),
      screenshotTool(deps),
    ],
    prompts: CUCM_PROMPTS,
    resources: CUCM_RESOURCES,
    close: () => deps.ssh.closeAll(),
  };
}
