/**
 * The Unity Connection module: CUPI version, generic CUPI call, connectivity check (CUPI and
 * SSH), and the VOS CLI tools of the shared UC library (src/modules/uc/). The credential tools
 * live in the credentials module.
 */
import type { ToolModule } from "../../mcp/service.ts";
import { osCommandTool } from "../uc/os-command-tool.ts";
import { sshSteps } from "../uc/ssh-steps.ts";
import { connectivityTool } from "../uc/step-runner.ts";
import { trustFingerprintTool } from "../uc/trust-tool.ts";
import { cupiCallTool } from "./cupi-call-tool.ts";
import { cupiSteps } from "./cupi-steps.ts";
import type { CucDeps } from "./deps.ts";
import { CUC_PROMPTS } from "./prompts.ts";
import { CUC_RESOURCES } from "./resources.ts";
import { versionTool } from "./version-tool.ts";

export { CUPI_PAGE_ROWS } from "./deps.ts";
export type { CucDeps };

/** Builds the module. */
export function create(deps: CucDeps): ToolModule {
  return {
    name: "cuc",
    tools: [
      versionTool(deps),
      cupiCallTool(deps),
      connectivityTool(deps, {
        summary: "CUPI and SSH",
        bucket: "cupi",
        services: { cupi: (ctx, host) => cupiSteps(ctx, deps, host), ssh: (ctx, host) => sshSteps(ctx, deps, host) },
      }),
      osCommandTool(deps),
      trustFingerprintTool(deps),
    ],
    prompts: CUC_PROMPTS,
    resources: CUC_RESOURCES,
    close: () => deps.ssh.closeAll(),
  };
}
