/**
 * `ai-bridge lab`: starts the built-in Cisco UC lab (docs/lab.md) on loopback addresses,
 * prints the summary (nodes, ports, credentials, CA file, knobs URL), writes the same as
 * `<state>/lab.json`, and runs until SIGTERM/SIGINT, then stops every server and exits 0.
 * The lab is imported only when this command runs, so `serve` never loads it.
 */
import { resolve } from "node:path";
import { flag, stringOption, UsageError } from "../args.ts";
import type { Command } from "../command.ts";
import { waitForShutdownSignal } from "../shutdown-signal.ts";

function portOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--${name} must be a port number 0-65535`);
  return port;
}

export const labCommand: Command = {
  usage: "lab [--data small|enterprise] [--state DIR] [--fresh] [--subnet 127.N] [--https-port PORT] [--ssh-port PORT]",
  description:
    "Starts a CUCM publisher and subscriber, an IM&P node, a Unity Connection node and phones, each on its own\n" +
    "127.N.x.y address, with the lab's own CA. Prints nodes, URLs, credentials and the CA file, and writes them to\n" +
    "<state>/lab.json. The CUCM and IM&P databases persist in <state> across restarts (--fresh starts over).\n" +
    "Fault knobs: POST JSON to the knobs URL shown. Stops on SIGTERM/SIGINT.",
  options: [
    { name: "data", value: "small|enterprise", help: "data set (default small; enterprise = 50k phones)" },
    { name: "state", value: "DIR", help: "state directory for CA, keys, databases and lab.json (default ./.lab)" },
    {
      name: "fresh",
      boolean: true,
      help: "discard the databases kept in the state directory and generate the data set again",
    },
    { name: "subnet", value: "127.N", help: "loopback prefix for the lab addresses (default 127.10)" },
    { name: "https-port", value: "PORT", help: "HTTPS port on every node (default 8443)" },
    { name: "ssh-port", value: "PORT", help: "SSH port on every node (default 2222)" },
    {
      name: "schema-dir",
      value: "DIR",
      help: "Cisco schema directory for /plugins/axlsqltoolkit.zip (default ../shared/cisco-schema)",
    },
    { name: "seed", value: "N", help: "data set seed (default 1)" },
  ],
  async run(args, ctx) {
    const data = stringOption(args, "data") ?? "small";
    if (data !== "small" && data !== "enterprise") throw new UsageError("--data must be small or enterprise");
    const seed = Number(stringOption(args, "seed") ?? 1);
    if (!Number.isInteger(seed)) throw new UsageError("--seed must be an integer");
    const { startLab } = await import("../../lab/cluster.ts");
    const { summaryLines } = await import("../../lab/summary.ts");
    const lab = await startLab({
      dataSet: data,
      stateDir: resolve(ctx.root, stringOption(args, "state") ?? ".lab"),
      subnet: stringOption(args, "subnet") ?? "127.10",
      httpsPort: portOption(stringOption(args, "https-port"), "https-port"),
      sshPort: portOption(stringOption(args, "ssh-port"), "ssh-port"),
      schemaDir: resolve(ctx.root, stringOption(args, "schema-dir") ?? "../shared/cisco-schema"),
      seed,
      fresh: flag(args, "fresh"),
      logger: {
        info: () => {},
        error: (fields, message) => ctx.err(`lab: ${message} ${JSON.stringify(fields)}`),
      },
    });
    for (const line of summaryLines(lab.summary, lab.summaryPath)) ctx.out(line);
    ctx.out("Press Ctrl+C to stop.");
    await waitForShutdownSignal();
    await lab.stop();
    return 0;
  },
};
