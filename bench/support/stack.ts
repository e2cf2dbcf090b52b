/**
 * Benchmark support: the production shape on one machine. The lab (standing in for CUCM) and the
 * bridge (the compiled binary, trusting the lab CA with verification on) run as separate
 * processes; the benchmark drives them with plain HTTPS POSTs from its own process.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LabSummary } from "../../src/lab/summary.ts";
import { ensureBinary } from "../../test/support/binary.ts";
import { loopbackSetupArgs } from "../../test/support/local-setup.ts";
import { freePort } from "../../test/support/net.ts";

/** A profile for load: AXL get and SQL queries, limits high enough not to interfere. */
const BENCH_PROFILE = {
  description: "Benchmark: AXL get and SQL query, rate limit high enough not to interfere.",
  product_scope: ["cucm"],
  cucm: { axl: { rate_limit: 100_000, allowed_prefixes: ["get"], allowed_exact: ["executeSQLQuery"] } },
  tools: { allow: ["cucm_store_credentials"] },
  common: { mcp: { rate_limit: 100_000 } },
};

export interface Stack {
  lab: LabSummary;
  labCa: string;
  pub: LabSummary["nodes"][number];
  /** Basic auth header for the lab's AXL user. */
  axlAuth: string;
  /** PEM of the bridge's server certificate, and its key file (the pass-through baseline reuses both). */
  bridgeCa: string;
  bridgeKeyFile: string;
  bridgeCertFile: string;
  /** Starts a child process (stdin and stdout piped) that is stopped with the stack. */
  spawn(cmd: string[]): ReturnType<typeof Bun.spawn>;
  /** PID of the bridge process (for RSS readings). */
  bridgePid: number;
  /** The bridge's root directory (its logs are under it), its HTTPS port and the bench client's token. */
  bridgeRoot: string;
  bridgePort: number;
  bridgeToken: string;
  /** Calls one tool over HTTPS MCP; throws on a non-200 or an isError result. */
  mcp(name: string, args: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not come up`);
    await Bun.sleep(100);
  }
}

/**
 * A tool caller over HTTPS MCP (one POST per call, the stateless 2025 era): resolves with the
 * answer's text, throws on a non-200 or an isError result. Load client processes build their own.
 */
export function mcpCaller(url: string, token: string, ca: string) {
  let id = 0;
  return async (tool: string, args: Record<string, unknown>): Promise<string> => {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name: tool, arguments: args } }),
      tls: { ca },
    } as RequestInit);
    const text = await res.text();
    if (res.status !== 200 || text.includes('"isError":true')) throw new Error(`${tool} failed: ${text.slice(0, 300)}`);
    return text;
  };
}

/** Starts lab + bridge, stores the lab's AXL credentials for the bench client. */
export async function startStack(name: string): Promise<Stack> {
  const work = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const children: Array<ReturnType<typeof Bun.spawn>> = [];
  const stop = async () => {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((c) => c.exited));
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const binary = ensureBinary();
    const subnet = `127.${100 + Math.floor(Math.random() * 100)}`;
    const labState = join(work, "lab");
    children.push(
      Bun.spawn([binary, "lab", "--state", labState, "--subnet", subnet, "--data", "small"], {
        stdout: "ignore",
        stderr: "ignore",
      }),
    );
    const lab = await waitFor(
      "lab",
      async () => JSON.parse(readFileSync(join(labState, "lab.json"), "utf8")) as LabSummary,
    );
    const labCa = readFileSync(lab.caFile, "utf8");
    const pub = lab.nodes.find((n) => n.name === "cucm-pub")!;
    await waitFor("lab AXL", async () =>
      (await fetch(pub.urls.axl!, { tls: { ca: labCa } })).status > 0 ? true : undefined,
    );

    const root = join(work, "bridge");
    mkdirSync(join(root, "profiles"), { recursive: true });
    writeFileSync(join(root, "profiles", "bench.json"), JSON.stringify(BENCH_PROFILE));
    const port = freePort();
    const setup = Bun.spawnSync([
      binary,
      "--root",
      root,
      ...loopbackSetupArgs(port),
      "--clients",
      "bench:sub-bench:bench",
      "--set",
      "LOGGING_CONSOLE_ENABLED=0",
      "--set",
      `SERVER_CUCM_SSL_CA_BUNDLE=${lab.caFile}`,
      "--set",
      `SERVER_CUCM_AXL_PORT=${pub.httpsPort}`,
    ]);
    if (setup.exitCode !== 0) throw new Error(`setup failed: ${setup.stderr.toString()}`);
    // BENCH_CPU_PROFILE=<dir>: run the bridge from source under Bun's sampling profiler instead,
    // which writes a Markdown profile (top frames) into <dir> when the bridge stops.
    const profileDir = process.env.BENCH_CPU_PROFILE;
    const serve =
      profileDir === undefined
        ? [binary, "--root", root, "serve"]
        : [
            process.execPath,
            "--cpu-prof-md",
            `--cpu-prof-dir=${profileDir}`,
            join(import.meta.dir, "..", "..", "src", "main.ts"),
            "--root",
            root,
            "serve",
          ];
    const bridge = Bun.spawn(serve, { stdout: "ignore", stderr: "ignore" });
    children.push(bridge);
    const bridgeCa = await waitFor("bridge", async () => {
      const ca = readFileSync(join(root, "secrets", "server.crt"), "utf8");
      return (await fetch(`https://127.0.0.1:${port}/health`, { tls: { ca } })).ok ? ca : undefined;
    });
    const token = readFileSync(join(root, "clients", "bench", "secrets", ".token"), "utf8").trim();
    const mcp = mcpCaller(`https://127.0.0.1:${port}/mcp`, token, bridgeCa);
    await mcp("cucm_store_credentials", {
      host: pub.ip,
      username: lab.credentials.axl.username,
      password: lab.credentials.axl.password,
    });
    const axlAuth = `Basic ${btoa(`${lab.credentials.axl.username}:${lab.credentials.axl.password}`)}`;
    const spawn = (cmd: string[]) => {
      const child = Bun.spawn(cmd, { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
      children.push(child);
      return child;
    };
    return {
      lab,
      labCa,
      pub,
      axlAuth,
      bridgeCa,
      bridgeCertFile: join(root, "secrets", "server.crt"),
      bridgeKeyFile: join(root, "secrets", "server.key"),
      spawn,
      bridgePid: bridge.pid,
      bridgeRoot: root,
      bridgePort: port,
      bridgeToken: token,
      mcp,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A phone name that exists in the lab. */
export async function somePhone(stack: Stack): Promise<string> {
  const listed = await stack.mcp("cucm_axl_call", {
    host: stack.pub.ip,
    operation: "executeSQLQuery",
    data: { sql: "select first 1 name from device where name like 'SEP%' order by name" },
  });
  const found = /SEP[0-9A-F]{12}/.exec(listed)?.[0];
  if (found === undefined) throw new Error("the lab has no phone");
  return found;
}

/** p-th percentile of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}
