/**
 * B2 (TARGETS.md): `cucm_axl_call getPhone` through the bridge over HTTPS MCP (auth, RBAC, rate
 * limit, audit, the AXL client) against the lab, versus the same SOAP request sent straight to the
 * lab's AXL endpoint, in the same run. Reports the p50 latency the bridge adds (one client,
 * sequential) and the throughput ratio at 32 concurrent clients. Writes bench/results-b2.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type CucmTestBed, startCucmTestBed } from "../test/cucm/cucm-harness.ts";

const SEQUENTIAL = 400;
const CONCURRENT_CLIENTS = 32;
const PER_CLIENT = 60;

const BENCH_PROFILE = {
  description: "Benchmark: AXL get only, rate limit high enough not to interfere.",
  product_scope: ["cucm"],
  cucm: { axl: { rate_limit: 100_000, allowed_prefixes: ["get"] } },
  tools: { allow: [] },
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed(fn: () => Promise<void>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function throughput(workers: Array<() => Promise<void>>, perWorker: number): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    workers.map(async (w) => {
      for (let i = 0; i < perWorker; i++) await w();
    }),
  );
  return (workers.length * perWorker) / ((performance.now() - t0) / 1000);
}

async function main() {
  const bed: CucmTestBed = await startCucmTestBed(
    {},
    {},
    { clients: ["bench:sub-bench:bench"], profiles: { bench: BENCH_PROFILE } },
  );
  try {
    const phone = (bed.lab.db.query("SELECT name FROM device WHERE name LIKE 'SEP%' LIMIT 1").get() as { name: string })
      .name;
    const url = `https://${bed.pub.ip}:${bed.pub.httpsPort}/axl/`;
    const auth = `Basic ${btoa(`${bed.lab.credentials.axl.username}:${bed.lab.credentials.axl.password}`)}`;
    const body = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/15.0"><soapenv:Body><ns:getPhone><name>${phone}</name></ns:getPhone></soapenv:Body></soapenv:Envelope>`;
    const direct = async () => {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "text/xml; charset=utf-8",
          soapaction: '"CUCM:DB ver=15.0 getPhone"',
          authorization: auth,
        },
        body,
        tls: { ca: bed.lab.caCertPem },
      } as RequestInit);
      const text = await res.text();
      if (res.status !== 200 || !text.includes(phone)) throw new Error(`direct getPhone failed: ${res.status}`);
    };
    const clients: Client[] = [];
    for (let i = 0; i < CONCURRENT_CLIENTS; i++) clients.push(await bed.h.v1("bench"));
    const viaBridge = (c: Client) => async () => {
      const r = (await c.callTool({
        name: "cucm_axl_call",
        arguments: { host: bed.pub.ip, operation: "getPhone", data: { name: phone } },
      })) as { isError?: boolean; content: Array<{ text?: string }> };
      if (r.isError) throw new Error(`bridge getPhone failed: ${r.content[0]?.text}`);
    };
    const first = clients[0] as Client;
    // Warm both paths (TLS sessions, JIT, AXL version and session cookie).
    await timed(direct, 50);
    await timed(viaBridge(first), 50);
    const d = await timed(direct, SEQUENTIAL);
    const b = await timed(viaBridge(first), SEQUENTIAL);
    const p50d = percentile(d, 50);
    const p50b = percentile(b, 50);
    const tDirect = await throughput(
      Array.from({ length: CONCURRENT_CLIENTS }, () => direct),
      PER_CLIENT,
    );
    const tBridge = await throughput(clients.map(viaBridge), PER_CLIENT);
    // Informational: a real publisher takes milliseconds per getPhone; with 20 ms of node latency the
    // ratio shows what the bridge costs when the node, not the CPU, is the bottleneck.
    bed.lab.knobs.set({ latencyMs: 20 });
    const tDirectSlow = await throughput(
      Array.from({ length: CONCURRENT_CLIENTS }, () => direct),
      20,
    );
    const tBridgeSlow = await throughput(clients.map(viaBridge), 20);
    bed.lab.knobs.set({ latencyMs: 0 });
    const added = p50b - p50d;
    const ratio = tBridge / tDirect;
    const rows = [
      { id: "B2", metric: "direct p50 getPhone", value: +p50d.toFixed(3), unit: "ms", target: "baseline" },
      { id: "B2", metric: "bridge p50 getPhone (HTTPS MCP)", value: +p50b.toFixed(3), unit: "ms", target: "" },
      { id: "B2", metric: "added latency p50", value: +added.toFixed(3), unit: "ms", target: "≤ 1", ok: added <= 1 },
      {
        id: "B2",
        metric: "direct throughput (32 clients)",
        value: +tDirect.toFixed(1),
        unit: "req/s",
        target: "baseline",
      },
      { id: "B2", metric: "bridge throughput (32 clients)", value: +tBridge.toFixed(1), unit: "req/s", target: "" },
      {
        id: "B2",
        metric: "throughput ratio",
        value: +(ratio * 100).toFixed(1),
        unit: "%",
        target: "≥ 70",
        ok: ratio >= 0.7,
      },
      {
        id: "B2",
        metric: "throughput ratio, node latency 20 ms (informational)",
        value: +((tBridgeSlow / tDirectSlow) * 100).toFixed(1),
        unit: "%",
        target: "",
      },
    ];
    writeFileSync(join(import.meta.dir, "results-b2.json"), `${JSON.stringify(rows, null, 2)}\n`);
    for (const r of rows) console.log(`${r.metric}: ${r.value} ${r.unit}`);
  } finally {
    await bed.stop();
  }
}

await main();
process.exit(0);
