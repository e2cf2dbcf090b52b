/**
 * B5 (TARGETS.md): 200 concurrent MCP clients making 20,000 tool calls (`cucm_axl_call getPhone`,
 * every one through auth, RBAC, rate limit, vault, audit and the lab) against the compiled bridge,
 * with the same bench at 32 clients as the baseline in the same run. Three runs; each figure is
 * the median with its min-max spread: errors, latency p50 and p99 (p99 ≤ 3 × p50), throughput at
 * 200 clients as a share of the 32-client throughput, and the bridge's RSS growth between 10k
 * and 20k calls (a leak shows there). Writes bench/results-b5.json.
 *
 * The clients run in load-client processes of at most 50 (support/load-client.ts says why), the
 * same number of processes for both loads, and each opens its connection with one call before the timed load; those calls count for errors
 * and their slowest is reported beside the load's figures. Every distinct error is printed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { percentile, rssMb, type Stack, somePhone, startStack } from "./support/stack.ts";
import { spread, spreadText } from "./support/stats.ts";

const RUNS = 3;
const CLIENTS = 200;
const CALLS = 20_000;
const BASELINE_CLIENTS = 32;
const BASELINE_CALLS = 6_000;

/** Clients per load-client process: below the ~64 idle connections Bun's fetch keeps per process. */
const CLIENTS_PER_PROCESS = 50;
/**
 * Every load, the 32-client baseline included, is driven by the same number of load-client
 * processes: with one process for 32 clients and four for 200, the ratio compared two load
 * generators as much as two loads (the same bridge gave 71-136 %).
 */
const LOAD_PROCESSES = Math.ceil(CLIENTS / CLIENTS_PER_PROCESS);

interface Connected {
  connected: number[];
  errors: Record<string, number>;
}
interface Loaded {
  latencies: number[];
  ends: number[];
  errors: Record<string, number>;
  cpuMs: number;
}

/** A load-client process (support/load-client.ts) and its answer lines. */
function loadClient(stack: Stack, phone: string, clients: number) {
  const child = stack.spawn([
    process.execPath,
    join(import.meta.dir, "support", "load-client.ts"),
    `https://127.0.0.1:${stack.bridgePort}/mcp`,
    stack.bridgeToken,
    stack.bridgeCertFile,
    stack.pub.ip,
    phone,
    String(clients),
  ]);
  const lines = (async function* () {
    let buffered = "";
    for await (const chunk of child.stdout as ReadableStream<Uint8Array>) {
      buffered += new TextDecoder().decode(chunk);
      for (let at = buffered.indexOf("\n"); at !== -1; at = buffered.indexOf("\n")) {
        yield buffered.slice(0, at);
        buffered = buffered.slice(at + 1);
      }
    }
  })();
  const ask = async <T>(order: object): Promise<T> => {
    (child.stdin as import("bun").FileSink).write(`${JSON.stringify(order)}\n`);
    (child.stdin as import("bun").FileSink).flush();
    const { value, done } = await lines.next();
    if (done) throw new Error("a load-client process ended early");
    return JSON.parse(value) as T;
  };
  return { ask, exit: () => ask({ exit: true }).catch(() => undefined) };
}

/**
 * Milliseconds the process's main (JavaScript) thread has spent ready to run but waiting for a
 * CPU (Linux /proc/<pid>/schedstat, second field): on this shared machine, the share of a load's
 * wall time lost to other work, which no change in the bridge can win back.
 */
function runQueueWaitMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e6;
}

const stack = await startStack("b5");
try {
  const phone = await somePhone(stack);
  const load = async (clients: number, calls: number) => {
    const processes = Math.min(LOAD_PROCESSES, clients);
    const drivers = Array.from({ length: processes }, (_, i) =>
      loadClient(stack, phone, Math.floor(clients / processes) + (i < clients % processes ? 1 : 0)),
    );
    // Every client opens its connection (one call, not timed with the load) before the load starts.
    const connects = await Promise.all(drivers.map((d) => d.ask<Connected>({ connect: true })));
    const rss: Array<{ at: number; mb: number }> = [];
    const sampler = setInterval(() => rss.push({ at: Date.now(), mb: rssMb(stack.bridgePid) }), 100);
    const waited0 = runQueueWaitMs(stack.bridgePid);
    const t0 = Date.now();
    const share = Math.floor(calls / processes);
    const results = await Promise.all(
      drivers.map((d, i) => d.ask<Loaded>({ calls: i === 0 ? calls - share * (processes - 1) : share })),
    );
    const wallMs = Date.now() - t0;
    const waitedMs = runQueueWaitMs(stack.bridgePid) - waited0;
    clearInterval(sampler);
    await Promise.all(drivers.map((d) => d.exit()));
    const latencies = results.flatMap((r) => r.latencies);
    const ends = results.flatMap((r) => r.ends).sort((a, b) => a - b);
    // Every distinct error with its count: the cause matters more than the number.
    const distinct = new Map<string, number>();
    for (const { errors } of [...connects, ...results])
      for (const [text, n] of Object.entries(errors)) distinct.set(text, (distinct.get(text) ?? 0) + n);
    for (const [text, n] of distinct) console.log(`  ${clients} clients, ${n} ×: ${text}`);
    const halfAt = ends[Math.floor(ends.length / 2)] ?? t0;
    const rssAtHalf = rss.reduce((best, s) => (Math.abs(s.at - halfAt) < Math.abs(best.at - halfAt) ? s : best)).mb;
    const rssAtEnd = rssMb(stack.bridgePid);
    const cores = navigator.hardwareConcurrency || 1;
    return {
      calls: latencies.length,
      errors: [...distinct.values()].reduce((a, b) => a + b, 0),
      throughput: latencies.length / (wallMs / 1000),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      connectMax: Math.max(...connects.flatMap((c) => c.connected)),
      growth: (rssAtEnd - rssAtHalf) / rssAtHalf,
      rssAtEnd,
      cpuWait: waitedMs / wallMs,
      cpuShare: results.reduce((a, r) => a + r.cpuMs, 0) / (wallMs * cores),
    };
  };
  // Warm-up, not counted: enough calls for the bridge's code to reach Bun's optimising JIT tiers
  // (bench/b2-bridge-overhead.ts says why), so the first load does not pay for the compiler.
  const warm = await load(BASELINE_CLIENTS, 4_000);
  if (warm.errors > 0) throw new Error("the warm-up failed");

  const runs: Array<Record<string, number>> = [];
  for (let run = 0; run < RUNS; run++) {
    const base = await load(BASELINE_CLIENTS, BASELINE_CALLS);
    const full = await load(CLIENTS, CALLS);
    const figures = {
      calls: full.calls,
      errors: full.errors + base.errors,
      throughput: full.throughput,
      baseThroughput: base.throughput,
      vsBase: full.throughput / base.throughput,
      p50: full.p50,
      p99: full.p99,
      tail: full.p99 / full.p50,
      growth: full.growth,
      connectMax: full.connectMax,
      rss: full.rssAtEnd,
      loadCpu: full.cpuShare,
      cpuWait: full.cpuWait,
    };
    console.log(
      `run ${run + 1}: ${Object.entries(figures)
        .map(([k, v]) => `${k}=${v.toFixed(3)}`)
        .join(" ")}`,
    );
    runs.push(figures);
  }
  const row = (metric: string, key: string, unit: string, digits: number, scale = 1, target = "", ok?: boolean) => {
    const f = spread(runs.map((r) => r[key]! * scale));
    return {
      id: "B5",
      metric,
      value: +f.median.toFixed(digits),
      unit,
      spread: spreadText(f, digits, RUNS),
      target,
      ...(ok === undefined ? {} : { ok }),
    };
  };
  const median = (key: string) => spread(runs.map((r) => r[key]!)).median;
  const rows = [
    row(`tool calls (${CLIENTS} concurrent clients)`, "calls", "", 0, 1, String(CALLS)),
    row(
      "errors (both loads)",
      "errors",
      "",
      0,
      1,
      "0",
      runs.every((r) => r["errors"] === 0),
    ),
    row(
      `throughput (${BASELINE_CLIENTS} clients, ${BASELINE_CALLS} calls)`,
      "baseThroughput",
      "calls/s",
      1,
      1,
      "baseline",
    ),
    row(`throughput (${CLIENTS} clients)`, "throughput", "calls/s", 1),
    row(`throughput ${CLIENTS} / ${BASELINE_CLIENTS} clients`, "vsBase", "%", 1, 100, "≥ 90", median("vsBase") >= 0.9),
    row("latency p50", "p50", "ms", 1),
    row("latency p99", "p99", "ms", 1),
    row("p99 / p50", "tail", "x", 2, 1, "≤ 3", median("tail") <= 3),
    row(`slowest connection (${CLIENTS} clients open theirs at once, before the load)`, "connectMax", "ms", 0),
    row("bridge RSS after the run", "rss", "MB", 1),
    row("RSS growth 10k → 20k calls", "growth", "%", 1, 100, "≤ 10", median("growth") <= 0.1),
    row("load generator CPU during the 200-client load", "loadCpu", "% of machine", 1, 100),
    row("bridge's main thread ready but waiting for a CPU (200-client load)", "cpuWait", "% of wall time", 1, 100),
  ];
  writeFileSync(join(import.meta.dir, "results-b5.json"), `${JSON.stringify(rows, null, 2)}\n`);
  for (const r of rows) console.log(`${r.metric}: ${r.value} ${r.unit} (${r.spread})`);
} finally {
  await stack.stop();
}
