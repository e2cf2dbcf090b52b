/**
 * The CUCM module (PRODUCT.md section 9, issue #6): AXL, RisPort70, VOS SSH and phone tools,
 * with the cluster prompts and reference resources. `createCucmModule(options)` lets tests and
 * benchmarks inject side effects (RIS budget clock, fetch, SSH connector); `cucmModule` is the
 * production instance the registry lists.
 */
import type { ToolModule } from "../../mcp/service.ts";
import { axlCallTool } from "./axl-call-tool.ts";
import { describeOperationTool, listOperationsTool } from "./catalogue-tools.ts";
import { connectivityTool } from "./connectivity-tool.ts";
import { osCommandTool } from "./os-command-tool.ts";
import { CUCM_PROMPTS } from "./prompts.ts";
import { CUCM_RESOURCES } from "./resources.ts";
import { risportTool } from "./risport-tool.ts";
import { screenshotTool } from "./screenshot-tool.ts";
import { type CucmModuleOptions, servicesResolver } from "./services.ts";
import { axlToolkitTool, risToolkitTool } from "./toolkit-tools.ts";
import { trustFingerprintTool } from "./trust-tool.ts";
import { versionTool } from "./version-tool.ts";

/** Builds the module with injected side effects. */
export function createCucmModule(options: CucmModuleOptions = {}): ToolModule {
  const services = servicesResolver(options);
  return {
    name: "cucm",
    tools: [
      versionTool(services),
      connectivityTool(services),
      listOperationsTool(services),
      describeOperationTool(services),
      axlCallTool(services),
      axlToolkitTool(services),
      risToolkitTool(services),
      risportTool(services),
      osCommandTool(services),
      trustFingerprintTool(services),
      screenshotTool(services),
    ],
    prompts: CUCM_PROMPTS,
    resources: CUCM_RESOURCES,
  };
}

/** The production module. */
export const cucmModule: ToolModule = createCucmModule();
