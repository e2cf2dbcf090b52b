/**
 * The Unity Connection module (PRODUCT.md section 9, `cuc_*` rows): CUPI version, generic CUPI
 * call, connectivity check (CUPI and SSH), and the VOS CLI tools shared with CUCM
 * (`cuc_os_run_command`, `cuc_os_trust_fingerprint`). The credential tools live in the credentials module.
 * `createCucModule(options)` lets tests inject side effects; `cucModule` is the production
 * instance the registry lists.
 */
import type { ToolModule } from "../../mcp/service.ts";
import { osCommandTool } from "../cucm/os-command-tool.ts";
import { trustFingerprintTool } from "../cucm/trust-tool.ts";
import { cucConnectivityTool } from "./connectivity-tool.ts";
import { cupiCallTool } from "./cupi-call-tool.ts";
import { CUC_PROMPTS } from "./prompts.ts";
import { CUC_RESOURCES } from "./resources.ts";
import { type CucModuleOptions, cucServicesResolver } from "./services.ts";
import { cucVersionTool } from "./version-tool.ts";

/** Builds the module with injected side effects. */
export function createCucModule(options: CucModuleOptions = {}): ToolModule {
  const services = cucServicesResolver(options);
  return {
    name: "cuc",
    tools: [
      cucVersionTool(services),
      cupiCallTool(services),
      cucConnectivityTool(services),
      osCommandTool(services, "cuc"),
      trustFingerprintTool(services, "cuc"),
    ],
    prompts: CUC_PROMPTS,
    resources: CUC_RESOURCES,
  };
}

/** The production module. */
export const cucModule: ToolModule = createCucModule();
