/**
 * `ai-bridge serve`: runs the appliance until SIGTERM or SIGINT, then shuts down cleanly
 * (stop accepting, finish in-flight requests, stop watchdogs, flush logs) and exits 0.
 */
import { applianceLayers } from "../../appliance/layers.ts";
import { startAppliance } from "../../appliance/startup.ts";
import { scheduleBackups } from "../../backup/schedule.ts";
import { stringOption } from "../args.ts";
import type { Command } from "../command.ts";
import { waitForShutdownSignal } from "../shutdown-signal.ts";

export const serveCommand: Command = {
  usage: "serve [--port PORT]",
  description: "Loads .env, prepares keys, certificate, profiles and clients, then serves HTTPS until SIGTERM/SIGINT.",
  options: [
    { name: "port", value: "PORT", help: "listen on this port instead of MCP_SERVER_PORT (0 = any free port)" },
  ],
  async run(args, ctx) {
    const port = stringOption(args, "port");
    const appliance = await startAppliance({
      root: ctx.root,
      portOverride: port === undefined ? undefined : Number(port),
      layers: applianceLayers(),
    });
    const { config } = appliance.core;
    scheduleBackups(appliance.core, async () => {
      // The archive and SFTP code (tar-stream, ssh2) loads with the first scheduled backup, not at start.
      const [{ createBackup }, { exportIfConfigured }] = await Promise.all([
        import("../../backup/service.ts"),
        import("../../backup/sftp-export.ts"),
      ]);
      await createBackup({ config, audit: appliance.core.audit, reason: "schedule" });
      await exportIfConfigured(config, appliance.core.audit);
    });
    ctx.out(`AI-Bridge ${config.MCP_SERVER_NAME} listening on ${appliance.server.url}${config.MCP_SERVER_URL_PATH}`);
    const signal = await waitForShutdownSignal();
    appliance.core.logger.info({ signal }, "shutting down");
    await appliance.stop();
    return 0;
  },
};
