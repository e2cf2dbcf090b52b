/**
 * B2 (TARGETS.md): `cucm_axl_call getPhone` through the bridge over HTTPS MCP (auth, RBAC, rate
 * limit, vault, audit, the AXL client) against the lab, versus the same SOAP request sent straight
 * to the lab's AXL endpoint, in the same run. As in production, the lab (standing in for CUCM),
 * the bridge (the compiled binary) and the clients are separate processes; both paths are driven
 * by the same kind of client (one HTTPS POST per call), so only the bridge's work differs.
 * Reports the p50 latency the bridge adds (sequential) and the throughput ratio at 32 concurrent
 * clients. Writes bench/results-b2.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { percentile, somePhone, startStack } from "./support/stack.ts";

const SEQUENTIAL = 500;
const CONCURRENT_CLIENTS = 32;
const PER_CLIENT = 60;

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

const stack = await startStack("b2");
try {
  const { lab, labCa, pub } = stack;
  const mcp = stack.mcp;
  // 3. The two paths, driven from this process the same way.
  const phoneName = await somePhone(stack);
  const auth = stack.axlAuth;
  const body = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/15.0"><soapenv:Body><ns:getPhone><name>${phoneName}</name></ns:getPhone></soapenv:Body></soapenv:Envelope>`;
  const direct = async () => {
    const res = await fetch(pub.urls.axl!, {
      method: "POST",
      headers: {
        "content-type": "text/xml; charset=utf-8",
        soapaction: '"CUCM:DB ver=15.0 getPhone"',
        authorization: auth,
      },
      body,
      tls: { ca: labCa },
    } as RequestInit);
    const text = await res.text();
    if (res.status !== 200 || !text.includes(phoneName)) throw new Error(`direct getPhone failed: ${res.status}`);
  };
  const viaBridge = async () => {
    const text = await mcp("cucm_axl_call", { host: pub.ip, operation: "getPhone", data: { name: phoneName } });
    if (!text.includes(phoneName)) throw new Error("bridge getPhone answered without the phone");
  };
  // Warm both paths (TLS sessions, JIT, AXL version and session cookie).
  await timed(direct, 100);
  await timed(viaBridge, 100);
  const d = await timed(direct, SEQUENTIAL);
  const b = await timed(viaBridge, SEQUENTIAL);
  const p50d = percentile(d, 50);
  const p50b = percentile(b, 50);
  const tDirect = await throughput(direct, CONCURRENT_CLIENTS, PER_CLIENT);
  const tBridge = await throughput(viaBridge, CONCURRENT_CLIENTS, PER_CLIENT);
  // Informational: a real publisher takes milliseconds per getPhone. With 20 ms of node latency
  // (lab knob) the ratio shows the bridge's cost when the node, not this machine's CPU, is the limit.
  const setLatency = (latencyMs: number) =>
    fetch(lab.knobs.url, {
      method: "POST",
      headers: { authorization: auth, "content-type": "application/json" },
      body: JSON.stringify({ latencyMs }),
      tls: { ca: labCa },
    } as RequestInit);
  await setLatency(20);
  const tDirectSlow = await throughput(direct, CONCURRENT_CLIENTS, 20);
  const tBridgeSlow = await throughput(viaBridge, CONCURRENT_CLIENTS, 20);
  await setLatency(0);
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
  await stack.stop();
}
