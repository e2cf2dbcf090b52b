/**
 * B4 (TARGETS.md): `ai-bridge serve` start with existing keys until /health answers, idle RSS,
 * and first boot with RSA-4096 plus certificate. Measured on the compiled binary.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary } from "../test/support/binary.ts";
import { freePort } from "../test/support/net.ts";
import { spread, spreadText } from "./support/stats.ts";

const binary = ensureBinary();
const root = mkdtempSync(join(tmpdir(), "bench-b4-"));
const port = freePort();

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU time (user + system, all threads) the process has used so far, in ms: steadier than wall time on a busy machine. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

async function bootUntilHealthy(): Promise<{ ms: number; cpu: number; proc: ReturnType<typeof Bun.spawn> }> {
  const started = performance.now();
  const proc = Bun.spawn([binary, "--root", root, "serve"], { stdout: "ignore", stderr: "ignore" });
  for (;;) {
    try {
      const ca = readFileSync(join(root, "secrets", "server.crt"), "utf8");
      const r = await fetch(`https://127.0.0.1:${port}/health`, { tls: { ca } });
      if (r.ok) return { ms: performance.now() - started, cpu: cpuMs(proc.pid), proc };
    } catch {
      // not yet
    }
    if (performance.now() - started > 60_000) throw new Error("server did not start");
    await Bun.sleep(5);
  }
}

try {
  Bun.spawnSync([
    binary,
    "--root",
    root,
    "setup",
    "--non-interactive",
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--rsa-key-size",
    "4096",
  ]);
  writeFileSync(join(root, ".env"), `${readFileSync(join(root, ".env"), "utf8")}\nLOGGING_CONSOLE_ENABLED=0\n`);
  const first = await bootUntilHealthy();
  first.proc.kill("SIGTERM");
  await first.proc.exited;
  const warm: number[] = [];
  const warmCpu: number[] = [];
  let idleRss = 0;
  for (let i = 0; i < 7; i++) {
    const run = await bootUntilHealthy();
    warm.push(run.ms);
    warmCpu.push(run.cpu);
    if (i === 6) {
      await Bun.sleep(2000);
      idleRss = rssMb(run.proc.pid);
    }
    run.proc.kill("SIGTERM");
    await run.proc.exited;
  }
  const start = spread(warm);
  const startCpu = spread(warmCpu);
  const median = start.median;
  // The floor of any start on this machine: the runtime itself, started 7 times in the same run.
  const bare: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    Bun.spawnSync([process.execPath, "-e", "0"], { stdout: "ignore", stderr: "ignore" });
    bare.push(performance.now() - t0);
  }
  const bareStart = spread(bare);
  const rows = [
    {
      id: "B4",
      metric: "first boot (RSA-4096 + certificate) to /health",
      value: Math.round(first.ms),
      unit: "ms",
      target: "≤ 5000",
      ok: first.ms <= 5000,
    },
    {
      id: "B4",
      metric: "start with existing keys to /health (median of 7)",
      value: Math.round(median),
      unit: "ms",
      spread: spreadText(start, 0, warm.length),
      target: "≤ 300",
      ok: median <= 300,
    },
    {
      id: "B4",
      metric: "CPU used by the server until /health (median of 7)",
      value: Math.round(startCpu.median),
      unit: "ms",
      spread: spreadText(startCpu, 0, warmCpu.length),
      target: "",
    },
    {
      id: "B4",
      metric: "bare `bun -e 0` start (median of 7, same run)",
      value: Math.round(bareStart.median),
      unit: "ms",
      spread: spreadText(bareStart, 0, bare.length),
      target: "baseline",
    },
    {
      id: "B4",
      metric: "start with existing keys / bare bun start",
      value: +(median / bareStart.median).toFixed(1),
      unit: "x",
      target: "",
    },
    {
      id: "B4",
      metric: "idle RSS after start",
      value: Math.round(idleRss),
      unit: "MB",
      target: "≤ 90",
      ok: idleRss <= 90,
    },
  ];
  for (const r of rows) console.log(`${r.metric}: ${r.value} ${r.unit} (target ${r.target})`);
  writeFileSync(join(import.meta.dir, "results-b4.json"), `${JSON.stringify(rows, null, 2)}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
