/**
 * `ai-bridge health [--timeout SECONDS]`: asks the local server for GET /health over loopback
 * HTTPS and exits 0 only when it answers 200. It is the container image's HEALTHCHECK (the
 * runtime image has no shell or curl) and what an operator script can wait on.
 */
import { probeHealth } from "../../appliance/health-probe.ts";
import { loadConfig } from "../../config/load.ts";
import { stringOption, UsageError } from "../args.ts";
import type { Command } from "../command.ts";

export const healthCommand: Command = {
  usage: "health [--timeout SECONDS]",
  description:
    "Sends GET /health to the server of this root over loopback HTTPS (MCP_SERVER_PORT, with the AUTH_ISSUER host\n" +
    "as Host header) and prints the answer. Exit code 0 when it answers 200 in time, 1 otherwise.",
  options: [{ name: "timeout", value: "SECONDS", help: "how long to wait for the answer (default 5)" }],
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError("health takes no arguments besides its options");
    const text = stringOption(args, "timeout") ?? "5";
    const seconds = Number(text);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300) {
      throw new UsageError(`--timeout takes a number of seconds from 1 to 300, not "${text}"`);
    }
    const { config } = loadConfig(ctx.root);
    const answer = await probeHealth(config, seconds * 1000);
    if (answer.ok) {
      ctx.out(JSON.stringify(answer.body));
      return 0;
    }
    ctx.err(
      `ai-bridge health: ${answer.status === undefined ? `no answer (${answer.error})` : `HTTP ${answer.status}`} ` +
        `from https://127.0.0.1:${config.MCP_SERVER_PORT}/health`,
    );
    return 1;
  },
};
