/**
 * `ai-bridge demo` (what `npm start` runs): prepares a demo home with first-boot defaults
 * when there is none, starts the appliance, and prints the MCP URL, the demo client's token
 * and a ready MCP client configuration.
 */
import { resolve } from "node:path";
import { applianceLayers } from "../../appliance/layers.ts";
import { startAppliance } from "../../appliance/startup.ts";
import { prepareDemoHome, readDemoToken } from "../../demo/home.ts";
import { stringOption } from "../args.ts";
import type { Command } from "../command.ts";
import { waitForShutdownSignal } from "./serve.ts";

export const demoCommand: Command = {
  name: "demo",
  summary: "run a self-contained demo (what `npm start` runs)",
  usage: "demo [--home DIR] [--port PORT]",
  description:
    "Prepares DIR (default ./.demo) with first-boot defaults when it has no .env, starts the bridge on 127.0.0.1,\n" +
    "and prints the MCP URL, the demo client's token and an MCP client configuration snippet.",
  options: [
    { name: "home", value: "DIR", help: "demo home (default ./.demo)" },
    { name: "port", value: "PORT", help: "HTTPS port for a new demo home (default 8443)" },
  ],
  async run(args, ctx) {
    const home = resolve(ctx.root, stringOption(args, "home") ?? ".demo");
    const created = prepareDemoHome({ home, port: Number(stringOption(args, "port") ?? 8443) });
    const appliance = await startAppliance({ root: home, layers: applianceLayers() });
    const { config } = appliance.core;
    const url = `https://localhost:${appliance.server.port}${config.MCP_SERVER_URL_PATH}`;
    const token = readDemoToken(home);
    ctx.out(`${created ? "Created" : "Using"} demo home ${home}`);
    ctx.out(`MCP URL:  ${url}`);
    ctx.out(`CA file:  ${appliance.core.paths.tlsCert}`);
    if (token) ctx.out(`Token:    ${token}`);
    ctx.out("Press Ctrl+C to stop.");
    await waitForShutdownSignal();
    await appliance.stop();
    return 0;
  },
};
