/**
 * B2 (TARGETS.md): `cucm_axl_call getPhone` through the bridge over HTTPS MCP (auth, RBAC, rate
 * limit, vault, audit, the AXL client) against the lab, versus, in the same run:
 * - direct: the same SOAP request sent straight to the lab's AXL endpoint;
 * - pass-through: a bare Bun TLS proxy (bench/support/passthrough.ts) doing the bridge's hop and
 *   nothing else: TLS in, the request forwarded to the lab over TLS, the answer relayed.
 * As in production, the lab (standing in for CUCM), the bridge (the compiled binary), the proxy
 * and the clients are separate processes; every path is driven the same way (one HTTPS POST per
 * call), so only the work behind the port differs. Reports, as the median of 3 runs with the
 * min-max spread: the p50 latency the bridge adds over direct (sequential calls), the throughput
 * at 32 concurrent clients as a share of the pass-through's and of direct's, the same with 20 ms
 * of node latency (lab knob), and the share of the machine's CPU the load generator (this process)
 * used while it drove the bridge. Writes bench/results-b2.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../test/support/net.ts";
import { percentile, somePhone, startStack } from "./support/stack.ts";
import { type Spread, spread, spreadText, withCpuShare } from "./support/stats.ts";

const RUNS = 3;
const SEQUENTIAL = 300;
const CONCURRENT_CLIENTS = 32;
const PER_CLIENT = 60;
const SLOW_PER_CLIENT = 15;
/** Calls per client before anything is timed (32 × 150 = 4,800 per path). */
const WARM_UP_PER_CLIENT = 150;

async function timed(fn: () => Promise<void>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function throughput(worker: () => Promise<void>, workers: number, perWorker: number): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = 0; i < perWorker; i++) await worker();
    }),
  );
  return (workers * perWorker) / ((performance.now() - t0) / 1000);
}

/**
 * The machine's speed drifts within seconds (other tenants), so paths measured one after the other
 * compare different machines. Compared paths take turns instead: SLICES rounds, each path one
 * slice per round; a path's figure comes from all its slices.
 */
const SLICES = 4;

/**
 * Sequential latencies of each path, the paths taking turns slice by slice (not call by call:
 * every call would then find its connection and caches cold, which is not how an agent calls).
 */
async function interleavedLatencies(paths: Array<() => Promise<void>>, n: number): Promise<number[][]> {
  const out = paths.map(() => [] as number[]);
  const perSlice = Math.ceil(n / SLICES);
  for (let slice = 0; slice < SLICES; slice++)
    for (const [k, path] of paths.entries()) out[k]!.push(...(await timed(path, perSlice)));
  return out;
}

/** Throughput of each path at `workers` concurrent clients, the paths taking turns slice by slice. */
async function interleavedThroughput(
  paths: Array<() => Promise<void>>,
  workers: number,
  perWorker: number,
): Promise<Array<{ rate: number; cpuShare: number }>> {
  const seconds = paths.map(() => 0);
  const cpuShares = paths.map(() => [] as number[]);
  const perSlice = Math.ceil(perWorker / SLICES);
  for (let slice = 0; slice < SLICES; slice++)
    for (const [k, path] of paths.entries()) {
      const { value: rate, cpuShare } = await withCpuShare(() => throughput(path, workers, perSlice));
      seconds[k]! += (workers * perSlice) / rate;
      cpuShares[k]!.push(cpuShare);
    }
  return paths.map((_, k) => ({
    rate: (SLICES * workers * perSlice) / seconds[k]!,
    cpuShare: cpuShares[k]!.reduce((a, b) => a + b, 0) / SLICES,
  }));
}

const stack = await startStack("b2");
try {
  const { lab, labCa, pub } = stack;
  const phoneName = await somePhone(stack);
  const auth = stack.axlAuth;
  const body = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/15.0"><soapenv:Body><ns:getPhone><name>${phoneName}</name></ns:getPhone></soapenv:Body></soapenv:Envelope>`;
  const soapTo = (url: string, ca: string) => async () => {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "text/xml; charset=utf-8",
        soapaction: '"CUCM:DB ver=15.0 getPhone"',
        authorization: auth,
      },
      body,
      tls: { ca },
    } as RequestInit);
    const text = await res.text();
    if (res.status !== 200 || !text.includes(phoneName)) throw new Error(`getPhone via ${url} failed: ${res.status}`);
  };
  const proxyPort = freePort();
  const proxy = stack.spawn([
    process.execPath,
    join(import.meta.dir, "support", "passthrough.ts"),
    String(proxyPort),
    stack.bridgeCertFile,
    stack.bridgeKeyFile,
    pub.urls.axl!,
    lab.caFile,
  ]);
  await (proxy.stdout as ReadableStream<Uint8Array>).getReader().read();
  const direct = soapTo(pub.urls.axl!, labCa);
  const passThrough = soapTo(`https://127.0.0.1:${proxyPort}${new URL(pub.urls.axl!).pathname}`, stack.bridgeCa);
  const viaBridge = async () => {
    const text = await stack.mcp("cucm_axl_call", { host: pub.ip, operation: "getPhone", data: { name: phoneName } });
    if (!text.includes(phoneName)) throw new Error("bridge getPhone answered without the phone");
  };
  const setLatency = (latencyMs: number) =>
    fetch(lab.knobs.url, {
      method: "POST",
      headers: { authorization: auth, "content-type": "application/json" },
      body: JSON.stringify({ latencyMs }),
      tls: { ca: labCa },
    } as RequestInit);
  // Warm every path (TLS sessions, AXL version and session cookie, and the JIT): Bun compiles a
  // function with its optimising tiers only after thousands of calls, so a bridge measured after
  // a hundred calls runs partly interpreted (sequential getPhone then took ≈ 2 ms more CPU per
  // call), which is not how a bridge that has served an afternoon of calls behaves.
  for (const path of [direct, passThrough, viaBridge]) {
    await throughput(path, CONCURRENT_CLIENTS, WARM_UP_PER_CLIENT);
    await timed(path, 100);
  }

  const runs: Array<Record<string, number>> = [];
  for (let run = 0; run < RUNS; run++) {
    const [p50d, p50p, p50b] = (await interleavedLatencies([direct, passThrough, viaBridge], SEQUENTIAL)).map(
      (latencies) => percentile(latencies, 50),
    ) as [number, number, number];
    const [tDirect, tPass, bridged] = (await interleavedThroughput(
      [direct, passThrough, viaBridge],
      CONCURRENT_CLIENTS,
      PER_CLIENT,
    )) as [{ rate: number }, { rate: number }, { rate: number; cpuShare: number }];
    // A real publisher takes milliseconds per getPhone: with 20 ms of node latency the ratio shows
    // the bridge's cost when the node, not this machine's CPU, is the limit.
    await setLatency(20);
    const [directSlow, bridgeSlow] = await interleavedThroughput(
      [direct, viaBridge],
      CONCURRENT_CLIENTS,
      SLOW_PER_CLIENT,
    );
    await setLatency(0);
    const figures = {
      p50d,
      p50p,
      p50b,
      added: p50b - p50d,
      tDirect: tDirect.rate,
      tPass: tPass.rate,
      tBridge: bridged.rate,
      vsPass: bridged.rate / tPass.rate,
      vsDirect: bridged.rate / tDirect.rate,
      slow: bridgeSlow!.rate / directSlow!.rate,
      loadCpu: bridged.cpuShare,
    };
    console.log(
      `run ${run + 1}: ${Object.entries(figures)
        .map(([k, v]) => `${k}=${v.toFixed(3)}`)
        .join(" ")}`,
    );
    runs.push(figures);
  }
  const s = (key: string): Spread => spread(runs.map((r) => r[key]!));
  const row = (metric: string, key: string, unit: string, digits: number, scale = 1, target = "", ok?: boolean) => {
    const f = s(key);
    const scaled = { median: f.median * scale, min: f.min * scale, max: f.max * scale };
    return {
      id: "B2",
      metric,
      value: +scaled.median.toFixed(digits),
      unit,
      spread: spreadText(scaled, digits, RUNS),
      target,
      ...(ok === undefined ? {} : { ok }),
    };
  };
  const rows = [
    row("direct p50 getPhone", "p50d", "ms", 3, 1, "baseline"),
    row("pass-through p50 getPhone", "p50p", "ms", 3, 1, "baseline"),
    row("bridge p50 getPhone (HTTPS MCP)", "p50b", "ms", 3),
    row("added latency p50 (bridge - direct)", "added", "ms", 3, 1, "≤ 1", s("added").median <= 1),
    row("direct throughput (32 clients)", "tDirect", "req/s", 1, 1, "baseline"),
    row("pass-through throughput (32 clients)", "tPass", "req/s", 1, 1, "baseline"),
    row("bridge throughput (32 clients)", "tBridge", "req/s", 1),
    row("bridge / pass-through throughput", "vsPass", "%", 1, 100, "≥ 80", s("vsPass").median >= 0.8),
    row("bridge / direct throughput (informational)", "vsDirect", "%", 1, 100),
    row("bridge / direct throughput, node latency 20 ms", "slow", "%", 1, 100, "≥ 95", s("slow").median >= 0.95),
    row("load generator CPU while driving the bridge", "loadCpu", "% of machine", 1, 100),
  ];
  writeFileSync(join(import.meta.dir, "results-b2.json"), `${JSON.stringify(rows, null, 2)}\n`);
  for (const r of rows) console.log(`${r.metric}: ${r.value} ${r.unit} (${r.spread})`);
} finally {
  await stack.stop();
}
