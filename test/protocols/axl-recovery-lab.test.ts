/**
 * AXL recovery paths against the lab over real TLS, each reproduced by a lab knob: the
 * too-large fault in both of Cisco's wordings is split with SKIP/FIRST; a large SQL answer whose
 * connection drops mid-way (12.5) is counted and fetched in chunks; a 401 on a session cookie
 * drops the cookie and the call is sent once more with Basic auth.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { type AxlTarget, createAxlClient } from "../../src/protocols/axl/client.ts";
import { executeSqlQuery } from "../../src/protocols/axl/sql.ts";
import { parseTooLarge } from "../../src/protocols/axl/sql-split.ts";
import { recordingFetch } from "../support/lab-fetch.ts";
import { startTestLab } from "../support/lab-harness.ts";

let lab: LabHandle;
let cleanup: () => Promise<void>;
let target: AxlTarget;
let deviceCount: number;

beforeAll(async () => {
  ({ lab, cleanup } = await startTestLab({ maxQueryBytes: 900 }));
  const pub = lab.nodes.find((n) => n.name === "cucm-pub")!;
  target = {
    host: pub.ip,
    port: pub.httpsPort,
    username: lab.credentials.axl.username,
    password: lab.credentials.axl.password,
    timeoutMs: 10_000,
    tls: { rejectUnauthorized: true, ca: lab.caCertPem },
  };
  deviceCount = (lab.db.query("SELECT count(*) AS n FROM device").get() as { n: number }).n;
}, 60_000);
afterAll(() => cleanup());

function client() {
  const rec = recordingFetch();
  return {
    rec,
    c: createAxlClient({ fetch: rec.fetch, sleep: async () => {}, random: () => 0.5, defaultVersion: "15.0" }),
  };
}

test("both wordings of the too-large fault are parsed", () => {
  expect(
    parseTooLarge("Query request too large. Total rows matched: 2816 rows. Suggestive Row Fetch: less than 844 rows"),
  ).toEqual({ totalRows: 2816, suggestedRows: 844 });
  expect(
    parseTooLarge("Query request too large. Total rows matched: 5000 rows. Suggested row fetch: less than 1000 rows"),
  ).toEqual({ totalRows: 5000, suggestedRows: 1000 });
});

test('"Suggested row fetch" from the lab is split like "Suggestive Row Fetch"', async () => {
  lab.knobs.set({ axlTooLargeWording: "suggested" });
  try {
    const { c } = client();
    const all = await executeSqlQuery(c, target, "select name, pkid, description from device order by name");
    expect(all.requests).toBeGreaterThan(2);
    expect(all.rows).toHaveLength(deviceCount);
    expect(new Set(all.rows.map((r) => r["name"])).size).toBe(deviceCount);
  } finally {
    lab.knobs.set({ axlTooLargeWording: "suggestive" });
  }
});

test("an answer dropped mid-way is counted first, then fetched in SKIP/FIRST chunks", async () => {
  // No too-large fault here (cap raised): the node drops any answer over 7 rows instead.
  const { lab: big, cleanup: stop } = await startTestLab({ knobs: { axlSqlDisconnectRows: 7 } });
  try {
    const pub = big.nodes.find((n) => n.name === "cucm-pub")!;
    const t = { ...target, host: pub.ip, port: pub.httpsPort, tls: { rejectUnauthorized: true, ca: big.caCertPem } };
    const total = (big.db.query("SELECT count(*) AS n FROM device").get() as { n: number }).n;
    expect(total).toBeGreaterThan(7);
    const { c } = client();
    const progress: number[] = [];
    const all = await executeSqlQuery(c, t, "select name from device order by name", {
      onProgress: (n) => progress.push(n),
    });
    expect(all.rows).toHaveLength(total);
    expect(new Set(all.rows.map((r) => r["name"])).size).toBe(total);
    expect(all.chunk).toBeLessThanOrEqual(7);
    expect(progress.at(-1)).toBe(total);
    // A query that is small enough is not affected.
    const few = await executeSqlQuery(c, t, "select first 3 name from device");
    expect(few).toMatchObject({ requests: 1 });
  } finally {
    await stop();
  }
}, 60_000);

test("a 401 on a session cookie drops the cookie and retries once with Basic auth", async () => {
  const { c, rec } = client();
  await c.call(target, "getCCMVersion", {});
  await c.call(target, "getCCMVersion", {});
  expect(rec.sent[1]?.headers["cookie"]).toStartWith("JSESSIONIDSSO=");
  lab.knobs.set({ axlSession401Count: 1 });
  await c.call(target, "getCCMVersion", {});
  expect(
    rec.sent.slice(2).map((s) => [s.headers["cookie"] !== undefined, s.headers["authorization"] !== undefined]),
  ).toEqual([
    [true, false],
    [false, true],
  ]);
  // The new session is used from then on.
  await c.call(target, "getCCMVersion", {});
  expect(rec.sent.at(-1)?.headers["cookie"]).toStartWith("JSESSIONIDSSO=");
  expect(rec.sent).toHaveLength(5);
});
