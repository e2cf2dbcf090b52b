/**
 * B2 (TARGETS.md): `cucm_axl_call getPhone` through the bridge over HTTPS MCP (auth, RBAC, rate
 * limit, vault, audit, the AXL client) against the lab, versus the same SOAP request sent straight
 * to the lab's AXL endpoint, in the same run. As in production, the lab (standing in for CUCM),
 * the bridge (the compiled binary) and the clients are separate processes; both paths are driven
 * by the same kind of client (one HTTPS POST per call), so only the bridge's work differs.
 * Reports the p50 latency the bridge adds (sequential) and the throughput ratio at 32 concurrent
 * clients. Writes bench/results-b2.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LabSummary } from "../src/lab/summary.ts";
import { ensureBinary } from "../test/support/binary.ts";
import { freePort } from "../test/support/net.ts";

const SEQUENTIAL = 500;
const CONCURRENT_CLIENTS = 32;
const PER_CLIENT = 60;

const BENCH_PROFILE = {
  description: "Benchmark: AXL get and SQL query, rate limit high enough not to interfere.",
  product_scope: ["cucm"],
  cucm: { axl: { rate_limit: 100_000, allowed_prefixes: ["get"], allowed_exact: ["executeSQLQuery"] } },
  tools: { allow: ["cucm_store_credentials"] },
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

async function throughput(worker: () => Promise<void>, workers: number, perWorker: number): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = 0; i < perWorker; i++) await worker();
    }),
  );
  return (workers * perWorker) / ((performance.now() - t0) / 1000);
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

const work = mkdtempSync(join(tmpdir(), "bench-b2-"));
const children: Array<ReturnType<typeof Bun.spawn>> = [];
try {
  const binary = ensureBinary();
  // 1. The lab, in its own process.
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

  // 2. The bridge (compiled binary), in its own process, trusting the lab CA with verification on.
  const root = join(work, "bridge");
  mkdirSync(join(root, "profiles"), { recursive: true });
  writeFileSync(join(root, "profiles", "bench.json"), JSON.stringify(BENCH_PROFILE));
  const port = freePort();
  const setup = Bun.spawnSync([
    binary,
    "--root",
    root,
    "setup",
    "--non-interactive",
    "--public-host",
    "localhost",
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--clients",
    "bench:sub-bench:bench",
    "--rsa-key-size",
    "2048",
    "--set",
    "LOGGING_CONSOLE_ENABLED=0",
    "--set",
    `SERVER_CUCM_SSL_CA_BUNDLE=${lab.caFile}`,
    "--set",
    `SERVER_CUCM_AXL_PORT=${pub.httpsPort}`,
  ]);
  if (setup.exitCode !== 0) throw new Error(`setup failed: ${setup.stderr.toString()}`);
  children.push(Bun.spawn([binary, "--root", root, "serve"], { stdout: "ignore", stderr: "ignore" }));
  const bridgeCa = await waitFor("bridge", async () => {
    const ca = readFileSync(join(root, "secrets", "server.crt"), "utf8");
    return (await fetch(`https://127.0.0.1:${port}/health`, { tls: { ca } })).ok ? ca : undefined;
  });
  const token = readFileSync(join(root, "clients", "bench", "secrets", ".token"), "utf8").trim();

  let id = 0;
  const mcp = async (name: string, args: Record<string, unknown>) => {
    const res = await fetch(`https://127.0.0.1:${port}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name, arguments: args } }),
      tls: { ca: bridgeCa },
    } as RequestInit);
    const text = await res.text();
    if (res.status !== 200 || text.includes('"isError":true')) throw new Error(`${name} failed: ${text.slice(0, 300)}`);
    return text;
  };
  await mcp("cucm_store_credentials", {
    host: pub.ip,
    username: lab.credentials.axl.username,
    password: lab.credentials.axl.password,
  });

  // 3. The two paths, driven from this process the same way.
  const phone = "SEP001122330001";
  const listed = await mcp("cucm_axl_call", {
    host: pub.ip,
    operation: "executeSQLQuery",
    data: { sql: "select first 1 name from device where name like 'SEP%' order by name" },
  }).catch(() => "");
  const phoneName = /SEP[0-9A-F]{12}/.exec(listed)?.[0] ?? phone;
  const auth = `Basic ${btoa(`${lab.credentials.axl.username}:${lab.credentials.axl.password}`)}`;
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
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((c) => c.exited));
  rmSync(work, { recursive: true, force: true });
}
