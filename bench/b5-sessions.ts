/**
 * B5 (TARGETS.md): 200 concurrent MCP clients making 20,000 tool calls (`cucm_axl_call getPhone`,
 * every one through auth, RBAC, rate limit, vault, audit and the lab) against the compiled bridge.
 * Reports errors, latency percentiles, and the bridge's RSS after 10k and after 20k calls (growth
 * shows a leak). Writes bench/results-b5.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { percentile, rssMb, somePhone, startStack } from "./support/stack.ts";

const CLIENTS = 200;
const CALLS = 20_000;

const stack = await startStack("b5");
try {
  const phone = await somePhone(stack);
  const call = () => stack.mcp("cucm_axl_call", { host: stack.pub.ip, operation: "getPhone", data: { name: phone } });
  // Warm-up, not counted.
  await Promise.all(Array.from({ length: 20 }, () => call()));

  const latencies: number[] = [];
  let errors = 0;
  let firstError = "";
  let rssAt10k = 0;
  let issued = 0;
  const worker = async () => {
    for (;;) {
      const n = issued++;
      if (n >= CALLS) return;
      if (n === CALLS / 2) rssAt10k = rssMb(stack.bridgePid);
      const t0 = performance.now();
      try {
        const text = await call();
        if (!text.includes(phone)) throw new Error("answer without the phone");
      } catch (error) {
        errors++;
        firstError ||= String(error).slice(0, 200);
      }
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const rssAt20k = rssMb(stack.bridgePid);
  const growth = (rssAt20k - rssAt10k) / rssAt10k;
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const rows = [
    {
      id: "B5",
      metric: `tool calls (${CLIENTS} concurrent clients)`,
      value: latencies.length,
      unit: "",
      target: String(CALLS),
    },
    { id: "B5", metric: "errors", value: errors, unit: "", target: "0", ok: errors === 0 },
    { id: "B5", metric: "throughput", value: +(latencies.length / seconds).toFixed(1), unit: "calls/s", target: "" },
    { id: "B5", metric: "latency p50", value: +p50.toFixed(1), unit: "ms", target: "" },
    { id: "B5", metric: "latency p99", value: +p99.toFixed(1), unit: "ms", target: "≤ 100", ok: p99 <= 100 },
    { id: "B5", metric: "bridge RSS after 10k calls", value: +rssAt10k.toFixed(1), unit: "MB", target: "" },
    { id: "B5", metric: "bridge RSS after 20k calls", value: +rssAt20k.toFixed(1), unit: "MB", target: "" },
    {
      id: "B5",
      metric: "RSS growth 10k → 20k",
      value: +(growth * 100).toFixed(1),
      unit: "%",
      target: "≤ 10",
      ok: growth <= 0.1,
    },
  ];
  if (firstError) console.log(`first error: ${firstError}`);
  writeFileSync(join(import.meta.dir, "results-b5.json"), `${JSON.stringify(rows, null, 2)}\n`);
  for (const r of rows) console.log(`${r.metric}: ${r.value} ${r.unit}`);
} finally {
  await stack.stop();
}
