/**
 * The command table of the lab's VOS admin CLI: maps one typed line to what the shell does
 * (print lines, ask a `(y/n)` question, switch pagination, exit). Matching is
 * case-insensitive on whitespace-separated words, like the real CLI. A command the lab does
 * not know ends with VOS's generic `Executed command unsuccessfully`.
 */
import { dbReplicationRuntimeState, showCucClusterStatus, showNetworkCluster } from "./outputs-cluster.ts";
import { drfHistory, drfStatus } from "./outputs-drf.ts";
import {
  showCertList,
  showHardware,
  showNetworkEth0,
  showStatus,
  showVersion,
  type VosContext,
} from "./outputs-platform.ts";
import { showCertOwn } from "./outputs-serviceability.ts";
import { liveServicesOf, utilsServiceList } from "./outputs-services.ts";
import { setTrace, showTrace } from "./outputs-trace.ts";

/** VOS's trailer for a command that failed. */
const EXECUTED_UNSUCCESSFULLY = "Executed command unsuccessfully";

/** What the shell should do with a command line. */
export type CommandResult =
  | { kind: "output"; lines: string[] }
  | { kind: "confirm"; question: string; onAnswer: (yes: boolean) => CommandResult }
  | { kind: "pagination"; enabled: boolean; lines: string[] }
  | { kind: "exit" }
  | { kind: "restart"; lines: string[] }
  | { kind: "running"; lines: string[]; endsAfterMs: number; onEnd: (interrupted: boolean) => string[] };

function out(...lines: string[]): CommandResult {
  return { kind: "output", lines };
}

/** Runs one command line (already trimmed of the line ending). */
export function runCommand(ctx: VosContext, line: string): CommandResult {
  const words = line
    .trim()
    .split(" ")
    .filter((w) => w !== "");
  const lower = words.map((w) => w.toLowerCase());
  const cmd = lower.join(" ");
  if (cmd === "") return out();
  if (cmd === "exit" || cmd === "quit") return { kind: "exit" };
  if (cmd === "show version active" || cmd === "show version inactive")
    return out(...showVersion(ctx, lower[2] as "active"));
  if (cmd === "show status") return out(...showStatus(ctx));
  if (cmd === "show network eth0" || cmd === "show network eth0 detail") return out(...showNetworkEth0(ctx));
  if (cmd === "show network cluster") return out(...showNetworkCluster(ctx));
  if (cmd === "show hardware") return out(...showHardware(ctx));
  if (cmd === "show cert list own" || cmd === "show cert list trust")
    return out(...showCertList(ctx, lower[3] as "own"));
  if (lower[0] === "show" && lower[1] === "cert" && lower[2] === "own" && words[3] !== undefined)
    return out(
      ...(showCertOwn(ctx, words[3]) ?? [`Certificate unit ${words[3]} does not exist.`, EXECUTED_UNSUCCESSFULLY]),
    );
  if (cmd === "show myself")
    return out(
      `Machine Name    : ${ctx.node.name}`,
      "account name    : admin",
      "privilege level : 4",
      "command count disabled : false",
      "",
    );
  if (lower[0] === "show" && lower[1] === "trace" && words.length <= 3) return out(...showTrace(ctx, words[2]));
  if (lower[0] === "set" && lower[1] === "trace") return out(...setTrace(ctx, words.slice(2)));
  if (cmd === "utils service list") return out(...utilsServiceList(ctx));
  if (cmd === "utils dbreplication runtimestate") return out(...dbReplicationRuntimeState(ctx));
  if (cmd === "show cuc cluster status" && ctx.node.product === "cuc") return out(...showCucClusterStatus(ctx));
  if (lower[0] === "utils" && lower[1] === "disaster_recovery" && lower.length === 4) {
    const operation = lower[3] === "backup" || lower[3] === "restore" ? lower[3] : undefined;
    if (operation && lower[2] === "status") return out(...drfStatus(ctx, operation));
    if (operation && lower[2] === "history") return out(...drfHistory(ctx, operation));
  }
  if (cmd === "set cli pagination off")
    return { kind: "pagination", enabled: false, lines: ["Automatic pagination is turned off"] };
  if (cmd === "set cli pagination on")
    return { kind: "pagination", enabled: true, lines: ["Automatic pagination is turned on"] };
  if (cmd === "utils core active analyze") return coreAnalyze();
  if (cmd === "utils system restart") return systemRestart("restart", "Appliance is being Restarted ...");
  if (cmd === "utils system shutdown") return systemRestart("shutdown", "Appliance is being Powered - Off ...");
  if (cmd === "utils system switch-version") return switchVersion(ctx);
  if (lower[0] === "utils" && lower[1] === "network" && lower[2] === "capture")
    return networkCapture(ctx, lower.slice(3));
  if (lower[0] === "utils" && lower[1] === "service" && ["start", "stop", "restart"].includes(lower[2] ?? "")) {
    return serviceControl(ctx, lower[2] as "start", words.slice(3).join(" "));
  }
  return out(EXECUTED_UNSUCCESSFULLY);
}

function coreAnalyze(): CommandResult {
  return {
    kind: "confirm",
    question: "Generating the analysis of the core file may take a few minutes. Continue (y/n)?",
    onAnswer: (yes) => (yes ? out("", "No core files found to analyze.", "") : out("Command aborted by user", "")),
  };
}

/** `utils system restart|shutdown`: a (yes/no) question, then the session ends as the node goes down. */
function systemRestart(verb: "restart" | "shutdown", going: string): CommandResult {
  return {
    kind: "confirm",
    question: `Do you really want to ${verb} ?\r\n\r\nEnter (yes/no)? `,
    onAnswer: (yes) =>
      yes
        ? {
            kind: "restart",
            lines: ["", going, `Warning: ${verb === "restart" ? "Restart" : "Shutdown"} could take up to 5 minutes.`],
          }
        : out(`${verb === "restart" ? "Restart" : "Shutdown"} aborted`, ""),
  };
}

/** `utils system switch-version`: names both versions, asks (yes/no), then restarts into the other. */
function switchVersion(ctx: VosContext): CommandResult {
  const active = showVersion(ctx, "active")[0] ?? "";
  return {
    kind: "confirm",
    question: `${active}\r\n${showVersion(ctx, "inactive")[0] ?? ""}\r\nDo you really want to switch versions ?\r\nEnter (yes/no)? `,
    onAnswer: (yes) =>
      yes
        ? out("", "The lab has no inactive version to switch to; nothing changed.", EXECUTED_UNSUCCESSFULLY)
        : out("Switch Version aborted", ""),
  };
}

function serviceControl(ctx: VosContext, action: "start" | "stop" | "restart", name: string): CommandResult {
  const service = liveServicesOf(ctx).find((s) => s[0].toLowerCase() === name.toLowerCase());
  if (!service) return out(`Service "${name}" is not a known service on this node.`, EXECUTED_UNSUCCESSFULLY);
  const label = service[0];
  ctx.services?.control(action === "start" ? "Start" : action === "stop" ? "Stop" : "Restart", [label]);
  const steps =
    action === "restart"
      ? [`${label}[STOPPING]`, `${label}[STARTING]`, `${label}[STARTED]`]
      : action === "stop"
        ? [`${label}[STOPPING]`, `${label}[STOPPED]`, "Commanded Out of Service"]
        : [`${label}[STARTING]`, `${label}[STARTED]`];
  return out(
    "Do not press Ctrl+C while the service is restarting. If the service has not restarted properly, execute the same command again.",
    "Service Manager is running",
    ...steps,
    "",
  );
}

/**
 * `utils network capture [eth0] [file <name>] [count <n>] [size <bytes>|all] …`: runs until the
 * count is reached or the user presses Ctrl-C. With `file`, packets go to platform/cli/<name>.cap.
 */
function networkCapture(ctx: VosContext, words: string[]): CommandResult {
  const opt = (name: string) => {
    const i = words.indexOf(name);
    return i === -1 ? undefined : words[i + 1];
  };
  const file = opt("file");
  const count = Number(opt("count") ?? "1000");
  const sizeWord = opt("size") ?? "128";
  const size = sizeWord === "all" ? 65535 : Number(sizeWord);
  if (!Number.isInteger(count) || count < 1 || count > 100_000 || !Number.isInteger(size) || size < 1)
    return out("Invalid count or size", EXECUTED_UNSUCCESSFULLY);
  if (file !== undefined && !/^[a-z0-9_-]{1,64}$/.test(file)) return out("Invalid file name", EXECUTED_UNSUCCESSFULLY);
  if (ctx.captures === undefined || file === undefined)
    return out("The lab captures only to a file: add file <name>.", EXECUTED_UNSUCCESSFULLY);
  const run = ctx.captures.start(file, count, size, ctx.now().getTime());
  return {
    kind: "running",
    lines: [
      "Executing command with options:",
      ` size=${sizeWord.toUpperCase()}                count=${count}                interface=eth0`,
      " src=                 dest=                 port=",
      " ip=",
      "",
    ],
    endsAfterMs: run.countReachedAfterMs,
    onEnd: () => {
      const packets = run.finish(ctx.now().getTime());
      return ["", `${packets} packets captured to platform/cli/${file}.cap`, ""];
    },
  };
}
