/**
 * One load-client process of B5: `clients` MCP clients calling `cucm_axl_call getPhone`. B5
 * spreads its clients over several of these processes because Bun's fetch keeps only about 64
 * idle keep-alive connections per process (bench/README.md, B5): 200 clients in one process
 * reopened connections all through the run, and those reopened connections, not the bridge's
 * calls, made the slowest calls and the resets. Each process holds ≤ 50 connections, as 200 real
 * MCP clients each hold their own.
 *
 * Protocol on stdin/stdout, one JSON line each way per phase:
 *   → {"connect": true}            every client makes one call at once (opens its connection)
 *   ← {"connected": [ms...], "errors": {...}}
 *   → {"calls": n}                 the clients share n calls, each starting the next as it ends
 *   ← {"latencies": [ms...], "ends": [epoch ms...], "errors": {...}, "cpuMs": n}
 *   → {"exit": true}
 */
import { mcpCaller } from "./stack.ts";

const [url, token, caFile, host, phone, clientsText] = process.argv.slice(2);
const clients = Number(clientsText);
const ca = await Bun.file(caFile as string).text();
const call = mcpCaller(url as string, token as string, ca);

/** Runs one call; the error text (code and message) when it fails. */
async function once(): Promise<string | undefined> {
  try {
    const text = await call("cucm_axl_call", { host, operation: "getPhone", data: { name: phone } });
    return text.includes(phone as string) ? undefined : "answer without the phone";
  } catch (error) {
    return `${(error as { code?: string }).code ?? ""} ${String(error).slice(0, 300)}`.trim();
  }
}

function count(errors: Record<string, number>, text: string | undefined) {
  if (text !== undefined) errors[text] = (errors[text] ?? 0) + 1;
}

async function connect() {
  const errors: Record<string, number> = {};
  const connected = await Promise.all(
    Array.from({ length: clients }, async () => {
      const t0 = performance.now();
      count(errors, await once());
      return performance.now() - t0;
    }),
  );
  return { connected, errors };
}

async function load(calls: number) {
  const latencies: number[] = [];
  const ends: number[] = [];
  const errors: Record<string, number> = {};
  let issued = 0;
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (issued++ < calls) {
        const t0 = performance.now();
        count(errors, await once());
        latencies.push(performance.now() - t0);
        ends.push(performance.timeOrigin + performance.now());
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { latencies, ends, errors, cpuMs: (cpu.user + cpu.system) / 1000 };
}

for await (const line of console) {
  const order = JSON.parse(line) as { connect?: true; calls?: number; exit?: true };
  if (order.exit) break;
  const answer = order.connect ? await connect() : await load(order.calls ?? 0);
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
process.exit(0);
