/**
 * B3 (TARGETS.md): `cucm_risport_query` for every phone of the enterprise lab (50k phones, two
 * CUCM nodes) through the bridge over HTTPS MCP. Baseline: the minimum possible, ⌈phones/1000⌉
 * RIS requests. Checks that every phone comes back, that exactly the minimum was sent, and that
 * no 60-second window ever held more than the node's budget (15). The lab clock (`clockSpeed`)
 * and the bridge's RIS budget clock are accelerated by the same factor, so minutes pass in
 * seconds. Every RIS request is counted on the wire through the module's injected fetch.
 * Writes bench/results-b3.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FetchLike } from "../src/protocols/http.ts";
import { startTestBed } from "../test/support/test-bed.ts";

const SPEED = 30;
const BUDGET = 15;
const PAGE = 1000;

const started = Date.now();
const virtualNow = () => started + (Date.now() - started) * SPEED;
const stamps: number[] = [];
const countingFetch: FetchLike = (url, init) => {
  if (url.includes("/realtimeservice2/services/RISService70") && init.method === "POST") stamps.push(virtualNow());
  return fetch(url, init as RequestInit);
};

const bed = await startTestBed("cucm", {
  inject: {
    fetch: countingFetch,
    risPerMinute: BUDGET,
    now: virtualNow,
    sleep: (ms) => Bun.sleep(Math.max(1, ms / SPEED)),
  },
  lab: { dataSet: "enterprise" },
});
try {
  bed.lab.knobs.set({ clockSpeed: SPEED, risPerMinute: BUDGET });
  const phones = bed.lab.counts.phones;
  const admin = await bed.h.v1("admin");
  let progressEvents = 0;
  const t0 = performance.now();
  const r = (await admin.callTool(
    { name: "cucm_risport_query", arguments: { host: bed.node.ip, deviceClass: "Phone" } },
    undefined,
    { timeout: 600_000, resetTimeoutOnProgress: true, onprogress: () => void progressEvents++ },
  )) as { isError?: boolean; content: Array<{ text?: string }>; structuredContent?: Record<string, unknown> };
  const seconds = (performance.now() - t0) / 1000;
  if (r.isError) throw new Error(`RIS query failed: ${r.content[0]?.text}`);
  const count = Number(r.structuredContent?.count);
  const minimum = Math.ceil(phones / PAGE);
  let maxInWindow = 0;
  for (let i = 0; i < stamps.length; i++) {
    let n = 0;
    for (let j = i; j < stamps.length && (stamps[j] as number) < (stamps[i] as number) + 60_000; j++) n++;
    maxInWindow = Math.max(maxInWindow, n);
  }
  const rows = [
    { id: "B3", metric: "phones in the lab", value: phones, unit: "", target: "baseline" },
    { id: "B3", metric: "phones returned", value: count, unit: "", target: `${phones}`, ok: count === phones },
    {
      id: "B3",
      metric: "RIS requests sent",
      value: stamps.length,
      unit: "",
      target: `${minimum} (⌈${phones}/${PAGE}⌉)`,
      ok: stamps.length === minimum,
    },
    {
      id: "B3",
      metric: "max RIS requests in any 60 s (lab time)",
      value: maxInWindow,
      unit: "",
      target: `≤ ${BUDGET}`,
      ok: maxInWindow <= BUDGET,
    },
    { id: "B3", metric: "wall time (clock ×30)", value: +seconds.toFixed(1), unit: "s", target: "" },
    {
      id: "B3",
      metric: "progress notifications",
      value: progressEvents,
      unit: "",
      target: "> 0",
      ok: progressEvents > 0,
    },
  ];
  writeFileSync(join(import.meta.dir, "results-b3.json"), `${JSON.stringify(rows, null, 2)}\n`);
  for (const row of rows) console.log(`${row.metric}: ${row.value} ${row.unit}`);
} finally {
  await bed.stop();
}
process.exit(0);
