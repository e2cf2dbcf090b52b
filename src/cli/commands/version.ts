/** `ai-bridge version` (also `--version`). */
import { PRODUCT_NAME, PROJECT_VERSION, VERSION } from "../../version.ts";
import type { Command } from "../command.ts";

export const versionCommand: Command = {
  usage: "version",
  description: "Prints the product name, version and build month (PROJECT_VERSION).",
  options: [],
  async run(_args, ctx) {
    ctx.out(`${PRODUCT_NAME} ${VERSION} (${PROJECT_VERSION})`);
    return 0;
  },
};
