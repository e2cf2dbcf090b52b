/**
 * B3 (TARGETS.md): `cucm_risport_query` for every phone of the enterprise lab (50k phones, two
 * CUCM nodes) through the bridge over HTTPS MCP, under each RisPort70 mode of the lab:
 * - "pages" (default): the wildcard goes out as selectCmDevice and pages with StateInfo. The
 *   minimum is ⌈records/1000⌉ requests, where records counts the failover duplicates the node
 *   reports (selectCmDevice returns them; the bridge merges them).
 * - "ext refuses wildcards": the same requests (wildcards never go to selectCmDeviceExt).
 * - "StateInfo does not page": one page, one repeated page, then the missing names (from AXL) by
 *   selectCmDeviceExt in 1000-name chunks.
 * In every mode all phones must come back and no 60-second window may hold more than the node's
 * budget (15). The lab clock (`clockSpeed`) and the bridge's RIS budget clock are accelerated by
 * the same factor. Every RIS request is counted on the wire through the module's injected fetch.
 * Also measured, as a ratio: the lab answering a 1000-name selectCmDeviceExt against a 1000-row
 * wildcard page (no quadratic work on name lists). Writes bench/results-b3.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LabKnobValues } from "../src/lab/contracts.ts";
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
  // A 50k-device RIS page takes the lab a few seconds on a loaded machine.
  env: { SERVER_CUCM_ZEEP_TIMEOUT: "120" },
});

interface Row {
  id: string;
  metric: string;
  value: number;
  unit: string;
  target: string;
  ok?: boolean;
}

function maxInAnyMinute(times: number[]): number {
  let most = 0;
  for (let i = 0; i < times.length; i++) {
    let n = 0;
    for (let j = i; j < times.length && (times[j] as number) < (times[i] as number) + 60_000; j++) n++;
    most = Math.max(most, n);
  }
  return most;
}

try {
  bed.lab.knobs.set({ clockSpeed: SPEED, risPerMinute: BUDGET, risMaxPerReply: PAGE });
  const phones = bed.lab.counts.phones;
  const records = bed.lab.devices.risDevices().length;
  const admin = await bed.h.v1("admin");
  const rows: Row[] = [{ id: "B3", metric: "phones in the lab", value: phones, unit: "", target: "baseline" }];
  const modes: Array<[string, Partial<LabKnobValues>, number | undefined]> = [
    ["pages", { risStateInfoPaging: "pages", risExtWildcards: "match" }, Math.ceil(records / PAGE)],
    ["ext refuses wildcards", { risStateInfoPaging: "pages", risExtWildcards: "refuse" }, Math.ceil(records / PAGE)],
    ["StateInfo does not page", { risStateInfoPaging: "ignored", risExtWildcards: "match" }, undefined],
  ];
  for (const [mode, knobs, minimum] of modes) {
    bed.lab.knobs.set(knobs);
    stamps.length = 0;
    let progressEvents = 0;
    const t0 = performance.now();
    const r = (await admin.callTool(
      { name: "cucm_risport_query", arguments: { host: bed.node.ip, deviceClass: "Phone" } },
      undefined,
      { timeout: 900_000, resetTimeoutOnProgress: true, onprogress: () => void progressEvents++ },
    )) as { isError?: boolean; content: Array<{ text?: string }>; structuredContent?: Record<string, unknown> };
    const seconds = (performance.now() - t0) / 1000;
    if (r.isError) throw new Error(`RIS query failed (${mode}): ${r.content[0]?.text}`);
    const count = Number(r.structuredContent?.count);
    const completeness = r.structuredContent?.completeness as { incomplete?: string } | undefined;
    const burst = maxInAnyMinute(stamps);
    rows.push(
      {
        id: "B3",
        metric: `${mode}: phones returned`,
        value: count,
        unit: "",
        target: `${phones}, complete`,
        ok: count === phones && completeness?.incomplete === undefined,
      },
      {
        id: "B3",
        metric: `${mode}: RIS requests sent`,
        value: stamps.length,
        unit: "",
        target: minimum === undefined ? "reported" : `${minimum} (⌈${records} records/${PAGE}⌉)`,
        ...(minimum === undefined ? {} : { ok: stamps.length === minimum }),
      },
      {
        id: "B3",
        metric: `${mode}: max RIS requests in any 60 s (lab time)`,
        value: burst,
        unit: "",
        target: `≤ ${BUDGET}`,
        ok: burst <= BUDGET,
      },
      { id: "B3", metric: `${mode}: wall time (clock ×${SPEED})`, value: +seconds.toFixed(1), unit: "s", target: "" },
      {
        id: "B3",
        metric: `${mode}: progress notifications`,
        value: progressEvents,
        unit: "",
        target: "> 0",
        ok: progressEvents > 0,
      },
    );
  }

  // The lab alone: a 1000-name selectCmDeviceExt against a 1000-row wildcard page.
  bed.lab.knobs.set({ risStateInfoPaging: "pages", risExtWildcards: "match", risPerMinute: 1_000_000 });
  const url = `https://${bed.node.ip}:${bed.node.httpsPort}/realtimeservice2/services/RISService70`;
  const auth = `Basic ${btoa(`${bed.lab.credentials.axl.username}:${bed.lab.credentials.axl.password}`)}`;
  const names = bed.lab.devices
    .risDevices()
    .slice(-PAGE)
    .map((d) => d.name);
  const envelope = (op: string, items: string[]) =>
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap="http://schemas.cisco.com/ast/soap"><soapenv:Body><soap:${op}><soap:StateInfo/><soap:CmSelectionCriteria><soap:MaxReturnedDevices>${PAGE}</soap:MaxReturnedDevices><soap:DeviceClass>Phone</soap:DeviceClass><soap:Model>255</soap:Model><soap:Status>Any</soap:Status><soap:NodeName/><soap:SelectBy>Name</soap:SelectBy><soap:SelectItems>${items.map((i) => `<soap:item><soap:Item>${i}</soap:Item></soap:item>`).join("")}</soap:SelectItems><soap:Protocol>Any</soap:Protocol><soap:DownloadStatus>Any</soap:DownloadStatus></soap:CmSelectionCriteria></soap:${op}></soapenv:Body></soapenv:Envelope>`;
  const time = async (body: string) => {
    const best: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const res = await fetch(url, {
        method: "POST",
        headers: { authorization: auth, "content-type": "text/xml" },
        body,
        tls: { ca: bed.lab.caCertPem },
      } as RequestInit);
      await res.text();
      best.push(performance.now() - t);
    }
    return Math.min(...best);
  };
  const wildcardMs = await time(envelope("selectCmDevice", ["*"]));
  const namesMs = await time(envelope("selectCmDeviceExt", names));
  rows.push(
    { id: "B3", metric: "lab: 1000-row wildcard page", value: +wildcardMs.toFixed(1), unit: "ms", target: "baseline" },
    { id: "B3", metric: "lab: 1000-name selectCmDeviceExt", value: +namesMs.toFixed(1), unit: "ms", target: "" },
    {
      id: "B3",
      metric: "lab: name list / wildcard page",
      value: +(namesMs / wildcardMs).toFixed(2),
      unit: "×",
      target: "≤ 2",
      ok: namesMs / wildcardMs <= 2,
    },
  );
  writeFileSync(join(import.meta.dir, "results-b3.json"), `${JSON.stringify(rows, null, 2)}\n`);
  for (const row of rows) console.log(`${row.metric}: ${row.value} ${row.unit}`);
} finally {
  await bed.stop();
}
process.exit(0);
