/**
 * B1 (TARGETS.md): decode a 20 MB executeSQLQuery response (100k rows) and a 10k-phone listPhone
 * response to JSON. Baselines in the same run: python3-zeep (the Debian package, real AXL 15.0
 * WSDL, `binding.process_reply` on the same bytes) and npm `soap` (`wsdl.xmlToObject` on the same
 * bytes). Our decoder runs in a child process so its peak RSS can be read. Writes
 * bench/results-b1.json. The WSDL is read from ../shared/cisco-schema at run time.
 *
 * Only the decode path is timed, 5 runs each side after 3 untimed ones (WARM_RUNS), the ratio
 * reported as the median of the per-run ratios with their min-max:
 * - ours: response bytes → guarded UTF-8 decode (size limit, entity refusal) → SOAP envelope
 *   parse → plain objects, rows counted; in a child process with the allocator setting `serve`
 *   runs with (freed memory kept for reuse, src/appliance/allocator.ts), a full collection
 *   between runs;
 * - zeep: `binding.process_reply` on a response object holding the same bytes (lxml parse and
 *   WSDL-typed deserialisation); loading the WSDL and building the client are not timed;
 * - npm soap: `wsdl.xmlToObject` on the same text; loading the WSDL is not timed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { RETAIN_FREED_MEMORY } from "../src/appliance/allocator.ts";
import { createSoapParser } from "../src/protocols/soap/parse.ts";
import { asList, objectOf } from "../src/protocols/soap/shape.ts";
import { decodeXmlBytes } from "../src/protocols/soap/xml-guard.ts";
import { spread, spreadText } from "./support/stats.ts";

const WSDL = resolve(import.meta.dir, "../../shared/cisco-schema/axl/15.0/AXLAPI.wsdl");
const RUNS = 5;
/**
 * Untimed full-size decodes before the timed ones, on every side alike: the first decodes of a
 * process pay for fresh memory (and zeep's for its caches: its own runs speed up by ≈ 40 %), a
 * bridge that has served for a while does not.
 */
const WARM_RUNS = 3;

/** A small answer of the same shape, for warming up. */
function sample(tag: string): string {
  const item =
    tag === "row"
      ? "<row><a>1</a><b>x &amp; y</b></row>"
      : '<phone uuid="{A}"><name>A</name><c uuid="{B}">C</c></phone>';
  return `<?xml version='1.0'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns:r xmlns:ns="x"><return>${item.repeat(200)}</return></ns:r></soapenv:Body></soapenv:Envelope>`;
}

/** Child mode: decode one file with our parser, print timing and peak RSS. */
if (process.argv[2] === "--child") {
  const [file, tag] = [process.argv[3]!, process.argv[4]!];
  const bytes = new Uint8Array(readFileSync(file));
  const vmHwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;
  const parser = createSoapParser({ arrayTags: [tag], maxBytes: 64 * 1024 * 1024 });
  // A running bridge has its decoder compiled already: warm up on a small answer first.
  parser.parseEnvelope(sample(tag), "warm");
  const base = vmHwm();
  // The memory one decode needs is read after the first (untimed) one; the process then keeps
  // freed memory for reuse, so its high-water mark after the timed runs is reported apart.
  let peak = 0;
  for (let i = 0; i < WARM_RUNS; i++) {
    parser.parseEnvelope(decodeXmlBytes(bytes, 64 * 1024 * 1024, "bench"), "bench");
    if (i === 0) peak = vmHwm();
    Bun.gc(true);
  }
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const body = parser.parseEnvelope(decodeXmlBytes(bytes, 64 * 1024 * 1024, "bench"), "bench");
    count = asList(objectOf(body.value["return"])[tag]).length;
    times.push(performance.now() - t0);
    Bun.gc(true);
  }
  console.log(JSON.stringify({ times, count, peakMb: peak, baseMb: base, retainedMb: vmHwm() }));
  process.exit(0);
}

function sqlResponse(rows: number): string {
  const parts: string[] = [
    `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns:executeSQLQueryResponse xmlns:ns="http://www.cisco.com/AXL/API/15.0"><return>`,
  ];
  for (let i = 0; i < rows; i++) {
    const hex = i.toString(16).padStart(12, "0");
    parts.push(
      `<row><pkid>4a1b2c3d-0000-4000-8000-${hex}</pkid><name>SEP${hex.toUpperCase()}</name><description>Desk ${i} &amp; co</description><tkmodel>36670</tkmodel><fkdevicepool>1b1b9eb6-7803-11d3-bdf0-00108302ead1</fkdevicepool></row>`,
    );
  }
  parts.push("</return></ns:executeSQLQueryResponse></soapenv:Body></soapenv:Envelope>");
  return parts.join("");
}

function listPhoneResponse(n: number): string {
  const parts: string[] = [
    `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns:listPhoneResponse xmlns:ns="http://www.cisco.com/AXL/API/15.0"><return>`,
  ];
  for (let i = 0; i < n; i++) {
    const hex = i.toString(16).padStart(12, "0").toUpperCase();
    parts.push(
      `<phone uuid="{4A1B2C3D-0000-4000-8000-${hex}}"><name>SEP${hex}</name><description>Phone ${i}</description><product>Cisco 8845</product><model>Cisco 8845</model><class>Phone</class><protocol>SIP</protocol><protocolSide>User</protocolSide><callingSearchSpaceName uuid="{8B0B8DAE-1111-2222-3333-444455556666}">CSS_Internal</callingSearchSpaceName><devicePoolName uuid="{1B1B9EB6-7803-11D3-BDF0-00108302EAD1}">Default</devicePoolName><locationName uuid="{29C5C1C4-8871-4D1E-8394-0B9181E8C54D}">Hub_None</locationName><ownerUserName/></phone>`,
    );
  }
  parts.push("</return></ns:listPhoneResponse></soapenv:Body></soapenv:Envelope>");
  return parts.join("");
}

const ZEEP = `
import sys, time, json
from zeep import Client, Settings
from zeep.transports import Transport
import requests
wsdl, op, path = sys.argv[1], sys.argv[2], sys.argv[3]
s = requests.Session(); s.trust_env = False
client = Client(wsdl, settings=Settings(strict=False, xml_huge_tree=True), transport=Transport(session=s))
binding = client.wsdl.bindings['{http://www.cisco.com/AXLAPIService/}AXLAPIBinding']
operation = binding.get(op)
data = open(path, 'rb').read()
class R:
    status_code = 200
    headers = {'Content-Type': 'text/xml; charset=utf-8'}
    encoding = 'utf-8'
    content = data
for _ in range(${WARM_RUNS}):
    binding.process_reply(client, operation, R())
times = []
for _ in range(${RUNS}):
    t0 = time.perf_counter()
    out = binding.process_reply(client, operation, R())
    times.append((time.perf_counter() - t0) * 1000)
rows = out['return']
def items(v, key):
    for k in (key, '_value_1'):
        try:
            got = v[k]
            if got is not None:
                return got
        except (KeyError, AttributeError, TypeError):
            pass
    return []
n = len(items(rows, 'row' if op == 'executeSQLQuery' else 'phone'))
print(json.dumps({'times': times, 'count': n}))
`;

async function soapNpm(file: string, op: string): Promise<{ times: number[]; count: number }> {
  const soap = (await import("soap")) as unknown as {
    createClientAsync(w: string): Promise<{ wsdl: { xmlToObject(x: string): unknown } }>;
  };
  const client = await soap.createClientAsync(WSDL);
  const xml = readFileSync(file, "utf8");
  for (let i = 0; i < WARM_RUNS; i++) client.wsdl.xmlToObject(xml);
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const obj = client.wsdl.xmlToObject(xml) as { Body: Record<string, { return: Record<string, unknown[]> }> };
    const ret = obj.Body[`${op}Response`]?.return ?? {};
    count = asList(ret[op === "executeSQLQuery" ? "row" : "phone"]).length;
    times.push(performance.now() - t0);
  }
  return { times, count };
}

const dir = mkdtempSync(join(tmpdir(), "bench-b1-"));
const rows: Array<{
  id: string;
  metric: string;
  value: number | string;
  unit: string;
  spread?: string;
  target?: string;
  ok?: boolean;
}> = [];
try {
  if (!existsSync(WSDL)) throw new Error(`missing ${WSDL}`);
  const cases = [
    { name: "executeSQLQuery 100k rows", op: "executeSQLQuery", tag: "row", xml: sqlResponse(100_000) },
    { name: "listPhone 10k phones", op: "listPhone", tag: "phone", xml: listPhoneResponse(10_000) },
  ];
  for (const c of cases) {
    const file = join(dir, `${c.op}.xml`);
    writeFileSync(file, c.xml);
    const mb = Buffer.byteLength(c.xml) / 1024 / 1024;
    // The decoder runs with the allocator setting `serve` runs with (src/appliance/allocator.ts).
    const child = Bun.spawnSync([process.execPath, import.meta.path, "--child", file, c.tag], {
      stderr: "inherit",
      env: { ...process.env, ...RETAIN_FREED_MEMORY },
    });
    const ours = JSON.parse(child.stdout.toString()) as {
      times: number[];
      count: number;
      peakMb: number;
      baseMb: number;
      retainedMb: number;
    };
    const py = Bun.spawnSync(["/usr/bin/python3", "-c", ZEEP, WSDL, c.op, file], { stderr: "pipe" });
    if (py.exitCode !== 0) throw new Error(`zeep failed: ${py.stderr.toString().slice(-500)}`);
    const zeep = JSON.parse(py.stdout.toString().trim().split("\n").at(-1) ?? "{}") as {
      times: number[];
      count: number;
    };
    const npm = await soapNpm(file, c.op);
    const expected = c.op === "executeSQLQuery" ? 100_000 : 10_000;
    for (const [who, r] of [
      ["ours", ours],
      ["zeep", zeep],
      ["soap", npm],
    ] as const) {
      if (r.count !== expected) throw new Error(`${who} decoded ${r.count} items of ${c.name}, expected ${expected}`);
    }
    // Run i of each side against run i of ours: the median ratio and its spread over the 5 runs.
    const oursMs = spread(ours.times);
    const zeepRatios = spread(zeep.times.map((t, i) => t / ours.times[i]!));
    const soapRatios = spread(npm.times.map((t, i) => t / ours.times[i]!));
    const vsZeep = zeepRatios.median;
    const vsSoap = soapRatios.median;
    const rssRatio = (ours.peakMb - ours.baseMb) / mb;
    console.log(
      `${c.name} (${mb.toFixed(1)} MB): ours ${oursMs.median.toFixed(0)} ms, zeep ${spread(zeep.times).median.toFixed(0)} ms (${vsZeep.toFixed(1)}x), soap ${spread(npm.times).median.toFixed(0)} ms (${vsSoap.toFixed(1)}x), peak RSS +${(ours.peakMb - ours.baseMb).toFixed(0)} MB (${rssRatio.toFixed(1)}x payload)`,
    );
    rows.push(
      { id: "B1", metric: `${c.name}: payload`, value: Number(mb.toFixed(1)), unit: "MB" },
      {
        id: "B1",
        metric: `${c.name}: ours`,
        value: Number(oursMs.median.toFixed(1)),
        unit: "ms",
        spread: spreadText(oursMs, 1, RUNS),
      },
      {
        id: "B1",
        metric: `${c.name}: vs zeep`,
        value: Number(vsZeep.toFixed(1)),
        unit: "x",
        spread: spreadText(zeepRatios, 1, RUNS),
        target: ">= 10",
        ok: vsZeep >= 10,
      },
      {
        id: "B1",
        metric: `${c.name}: vs npm soap`,
        value: Number(vsSoap.toFixed(1)),
        unit: "x",
        spread: spreadText(soapRatios, 1, RUNS),
        target: ">= 3",
        ok: vsSoap >= 3,
      },
      {
        id: "B1",
        metric: `${c.name}: peak RSS / payload`,
        value: Number(rssRatio.toFixed(1)),
        unit: "x",
        target: "<= 5",
        ok: rssRatio <= 5,
      },
      {
        id: "B1",
        metric: `${c.name}: high-water RSS after ${WARM_RUNS + RUNS} decodes / payload (freed memory kept)`,
        value: Number(((ours.retainedMb - ours.baseMb) / mb).toFixed(1)),
        unit: "x",
      },
    );
  }
  writeFileSync(join(import.meta.dir, "results-b1.json"), `${JSON.stringify(rows, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
