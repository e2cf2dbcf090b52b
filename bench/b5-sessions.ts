/**
 * B5 (TARGETS.md): 200 concurrent MCP clients making 20,000 tool calls (`cucm_axl_call getPhone`,
 * every one through auth, RBAC, rate limit, vault, audit and the lab) against the compiled bridge,
 * with the same bench at 32 clients as the baseline in the same run. Three runs; each figure is
 * the median with its min-max spread: errors, latency p50 and p99 (p99 ≤ 3 × p50), throughput at
 * 200 clients as a share of the 32-client throughput, and the bridge's RSS growth between 10k
 * and 20k calls (a leak shows there). Writes bench/results-b5.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { percentile, rssMb, somePhone, startStack } from "./support/stack.ts";
import { spread, spreadText, withCpuShare } from "./support/stats.ts";

const RUNS = 3;
const CLIENTS = 200;
const CALLS = 20_000;
const BASELINE_CLIENTS = 32;
const BASELINE_CALLS = 6_000;

const stack = await startStack("b5");
try {
  const phone = await somePhone(stack);
  const call = () => stack.mcp("cucm_axl_call", { host: stack.pub.ip, operation: "getPhone", data: { name: phone } });
  const load = async (clients: number, calls: number) => {
    const latencies: number[] = [];
    let errors = 0;
    // Every distinct error with its count: the cause matters more than the number.
    const distinct = new Map<string, number>();
    let rssAtHalf = 0;
    let issued = 0;
    const worker = async () => {
      for (;;) {
        const n = issued++;
        if (n >= calls) return;
        if (n === calls / 2) rssAtHalf = rssMb(stack.bridgePid);
        const t0 = performance.now();
        try {
          const text = await call();
          if (!text.includes(phone)) throw new Error("answer without the phone");
        } catch (error) {
          errors++;
          const text = `${(error as { code?: string }).code ?? ""} ${String(error).slice(0, 300)}`.trim();
          distinct.set(text, (distinct.get(text) ?? 0) + 1);
        }
        latencies.push(performance.now() - t0);
      }
    };
    const t0 = performance.now();
    const { cpuShare } = await withCpuShare(() => Promise.all(Array.from({ length: clients }, worker)));
    const seconds = (performance.now() - t0) / 1000;
    for (const [text, count] of distinct) console.log(`  ${clients} clients, ${count} ×: ${text}`);
    const rssAtEnd = rssMb(stack.bridgePid);
    return {
      calls: latencies.length,
      errors,
      throughput: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      growth: (rssAtEnd - rssAtHalf) / rssAtHalf,
      rssAtEnd,
      cpuShare,
    };
  };
  // Warm-up, not counted.
  await Promise.all(Array.from({ length: 20 }, () => call()));

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
      rss: full.rssAtEnd,
      loadCpu: full.cpuShare,
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
    row("bridge RSS after the run", "rss", "MB", 1),
    row("RSS growth 10k → 20k calls", "growth", "%", 1, 100, "≤ 10", median("growth") <= 0.1),
    row("load generator CPU during the 200-client load", "loadCpu", "% of machine", 1, 100),
  ];
  writeFileSync(join(import.meta.dir, "results-b5.json"), `${JSON.stringify(rows, null, 2)}\n`);
  for (const r of rows) console.log(`${r.metric}: ${r.value} ${r.unit} (${r.spread})`);
} finally {
  await stack.stop();
}
