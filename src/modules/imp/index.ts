/**
 * The IM&Presence module (PRODUCT.md section 9, `imp_*` rows): version, generic AXL call, schema
 * catalogue (list/describe/toolkit download) and connectivity check over the CUCM AXL path, and
 * the VOS CLI tools shared with CUCM (`imp_os_run_command`, `imp_os_trust_fingerprint`). Credential tools live in the credentials
 * module. `createImpModule(options)` lets tests inject side effects; `impModule` is the
 * production instance the registry lists.
 */
import type { ToolModule } from "../../mcp/service.ts";
import { describeOperationTool, listOperationsTool } from "../cucm/catalogue-tools.ts";
import { osCommandTool } from "../cucm/os-command-tool.ts";
import { axlToolkitTool } from "../cucm/toolkit-tools.ts";
import { trustFingerprintTool } from "../cucm/trust-tool.ts";
import { impAxlCallTool } from "./axl-call-tool.ts";
import { impConnectivityTool } from "./connectivity-tool.ts";
import { IMP_PROMPTS } from "./prompts.ts";
import { type ImpModuleOptions, impServicesResolver } from "./services.ts";
import { impVersionTool } from "./version-tool.ts";

/** Builds the module with injected side effects. */
export function createImpModule(options: ImpModuleOptions = {}): ToolModule {
  const services = impServicesResolver(options);
  return {
    name: "imp",
    tools: [
      impVersionTool(services),
      impAxlCallTool(services),
      listOperationsTool(services, "imp"),
      describeOperationTool(services, "imp"),
      axlToolkitTool(services, "imp"),
      impConnectivityTool(services),
      osCommandTool(services, "imp"),
      trustFingerprintTool(services, "imp"),
    ],
    prompts: IMP_PROMPTS,
  };
}

/** The production module. */
export const impModule: ToolModule = createImpModule();
