/**
 * The IM&Presence module: version, generic AXL call, schema catalogue (list/describe/toolkit
 * download), connectivity check and the VOS CLI tools, all from the shared UC library
 * (src/modules/uc/) configured for `imp`. Credential tools live in the credentials module.
 */
import type { ToolModule } from "../../mcp/service.ts";
import { axlCallTool } from "../uc/axl-call-tool.ts";
import { axlToolkitTool } from "../uc/axl-toolkit-tool.ts";
import { axlSteps, axlVersionTool } from "../uc/axl-version.ts";
import { describeOperationTool, listOperationsTool } from "../uc/catalogue-tools.ts";
import type { AxlDeps, UcDeps } from "../uc/deps.ts";
import { osCommandTool } from "../uc/os-command-tool.ts";
import { sshSteps } from "../uc/ssh-steps.ts";
import { connectivityTool } from "../uc/step-runner.ts";
import { trustFingerprintTool } from "../uc/trust-tool.ts";
import { IMP_PROMPTS } from "./prompts.ts";
import { AXL_CALL_TEXT, VERSION_TEXT } from "./text.ts";

/** What the IM&P module is built with: the shared UC deps and AXL (IM&P has no RisPort70). */
export type ImpDeps = UcDeps<"imp"> & AxlDeps;

/** Builds the module. */
export function create(deps: ImpDeps): ToolModule {
  return {
    name: "imp",
    tools: [
      axlVersionTool(deps, VERSION_TEXT),
      axlCallTool(deps, AXL_CALL_TEXT),
      listOperationsTool(deps),
      describeOperationTool(deps),
      axlToolkitTool(deps),
      connectivityTool(deps, {
        summary: "AXL and SSH",
        bucket: "axl",
        services: { axl: (ctx, host) => axlSteps(ctx, deps, host), ssh: (ctx, host) => sshSteps(ctx, deps, host) },
      }),
      osCommandTool(deps),
      trustFingerprintTool(deps),
    ],
    prompts: IMP_PROMPTS,
    close: () => deps.ssh.closeAll(),
  };
}
