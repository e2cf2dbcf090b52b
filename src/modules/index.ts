/**
 * The module registry: every module whose tools, prompts and resources the MCP endpoint
 * serves, listed explicitly (add a line when a module lands; see docs/writing-tools.md).
 */
import type { ToolModule } from "../mcp/service.ts";
import { bridgeModule } from "./bridge/index.ts";
import { credentialsModule } from "./credentials/index.ts";
import { cucModule } from "./cuc/index.ts";
import { cucmModule } from "./cucm/index.ts";
import { impModule } from "./imp/index.ts";

/** All modules, in listing order. */
export const MODULES: ToolModule[] = [bridgeModule, credentialsModule, cucmModule, impModule, cucModule];
