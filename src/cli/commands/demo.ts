/**
 * `ai-bridge demo` (what `npm start` runs): prepares a demo home with first-boot defaults when
 * there is none, starts the built-in lab and the bridge together, stores the lab's credentials
 * and SSH fingerprints for the demo client, and prints the MCP URL, the token, the CA file and
 * a ready MCP client configuration — also written to `<home>/demo.json` for scripts.
 */
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { applianceLayers } from "../../appliance/layers.ts";
import { startAppliance } from "../../appliance/startup.ts";
import {
  DEFAULT_DEMO_HOME,
  DEMO_CLIENT,
  DEMO_LAB_DIR,
  DEMO_LAB_HTTPS_PORT,
  DEMO_LAB_SSH_PORT,
  prepareDemoHome,
} from "../../demo/home.ts";
import { provisionDemoClient, writeDemoInfo } from "../../demo/provision.ts";
import type { LabHandle } from "../../lab/cluster.ts";
import { LAB_PATTERNS } from "../../util/patterns.ts";
import { stringOption, UsageError } from "../args.ts";
import type { Command } from "../command.ts";
import { waitForShutdownSignal } from "../shutdown-signal.ts";

/** A neighbouring loopback subnet to suggest when `subnet` is taken. */
function otherSubnet(subnet: string): string {
  const n = Number(subnet.split(".")[1]);
  return `127.${n >= 254 ? n - 1 : n + 1}`;
}

export const demoCommand: Command = {
  usage: "demo [--home DIR] [--port PORT] [--subnet 127.N] [--data small|enterprise]",
  description:
    "Prepares DIR (default ./.demo) with first-boot defaults when it has no .env, starts the built-in Cisco UC lab\n" +
    "(state in DIR/lab) and the bridge on 127.0.0.1, stores the lab credentials and SSH fingerprints for the demo\n" +
    "client, and prints the MCP URL, the token, the CA file and an MCP client configuration (also in DIR/demo.json).",
  options: [
    { name: "home", value: "DIR", help: "demo home (default ./.demo)" },
    { name: "port", value: "PORT", help: "HTTPS port for a new demo home (default 8443)" },
    { name: "subnet", value: "127.N", help: "loopback prefix of the lab nodes (default 127.77)" },
    { name: "data", value: "small|enterprise", help: "lab data set (default small)" },
    {
      name: "schema-dir",
      value: "DIR",
      help: "Cisco schema directory the lab serves in its toolkit (default ../shared/cisco-schema)",
    },
  ],
  async run(args, ctx) {
    const home = resolve(ctx.root, stringOption(args, "home") ?? DEFAULT_DEMO_HOME);
    const port = Number(stringOption(args, "port") ?? 8443);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new UsageError("--port must be a port number 1-65535");
    const subnet = stringOption(args, "subnet") ?? "127.77";
    if (!LAB_PATTERNS.labSubnet.test(subnet)) throw new UsageError("--subnet must look like 127.N");
    const data = stringOption(args, "data") ?? "small";
    if (data !== "small" && data !== "enterprise") throw new UsageError("--data must be small or enterprise");
    const schemaDir = resolve(ctx.root, stringOption(args, "schema-dir") ?? "../shared/cisco-schema");
    const homeExisted = existsSync(home);
    const created = prepareDemoHome({ home, port });
    /** A demo that did not start leaves no half-made home behind (only one this run created). */
    const abandon = () => {
      if (!homeExisted) rmSync(home, { recursive: true, force: true });
    };
    const { startLab } = await import("../../lab/cluster.ts");
    let lab: LabHandle;
    try {
      lab = await startLab({
        dataSet: data,
        stateDir: join(home, DEMO_LAB_DIR),
        subnet,
        httpsPort: DEMO_LAB_HTTPS_PORT,
        sshPort: DEMO_LAB_SSH_PORT,
        ...(existsSync(schemaDir) ? { schemaDir } : {}),
        logger: { info: () => {}, error: (fields, message) => ctx.err(`lab: ${message} ${JSON.stringify(fields)}`) },
      });
    } catch (error) {
      abandon();
      if ((error as { code?: string }).code !== "LAB_ADDRESS_IN_USE") throw error;
      ctx.err(
        `ai-bridge demo: the ${(error as Error).message}; ` +
          `run this demo on another loopback subnet, e.g. --subnet ${otherSubnet(subnet)}`,
      );
      return 1;
    }
    let appliance: Awaited<ReturnType<typeof startAppliance>> | undefined;
    try {
      try {
        appliance = await startAppliance({ root: home, layers: applianceLayers() });
      } catch (error) {
        await lab.stop();
        abandon();
        throw error;
      }
      const { config, paths } = appliance.core;
      provisionDemoClient(appliance.core, lab);
      const url = `https://localhost:${appliance.server.port}${config.MCP_SERVER_URL_PATH}`;
      const tokenPath = join(paths.clientsDir, DEMO_CLIENT, "secrets", ".token");
      const token = existsSync(tokenPath) ? (await Bun.file(tokenPath).text()).trim() : "";
      const pub = lab.nodes.find((n) => n.name === "cucm-pub");
      const info = writeDemoInfo(home, {
        url,
        token,
        caFile: paths.caCert,
        client: DEMO_CLIENT,
        cucmHost: pub?.ip ?? "",
        labFile: lab.summaryPath,
      });
      ctx.out(`${created ? "Created" : "Using"} demo home ${home}`);
      ctx.out(`Lab:      ${lab.nodes.map((n) => `${n.name} ${n.ip}`).join(", ")} (${lab.summaryPath})`);
      ctx.out(`CUCM:     ask about host ${info.cucmHost} (credentials and SSH fingerprints already stored)`);
      ctx.out(`MCP URL:  ${url}`);
      ctx.out(`CA file:  ${info.caFile}`);
      ctx.out(`Token:    ${token}`);
      ctx.out("MCP client configuration:");
      ctx.out(JSON.stringify(info.mcpConfig, null, 2));
      ctx.out(info.note);
      ctx.out(`Written to ${join(home, "demo.json")}. Press Ctrl+C to stop.`);
      await waitForShutdownSignal();
    } finally {
      await appliance?.stop();
      await lab.stop();
    }
    return 0;
  },
};
