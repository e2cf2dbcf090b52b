/**
 * The AXL client, SQL splitting, list paging, the toolkit download and the schema catalogue
 * against the lab's CUCM over real TLS (lab CA trusted, verification on).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { type AxlTarget, axlReturn, createAxlClient } from "../../src/protocols/axl/client.ts";
import { listAll } from "../../src/protocols/axl/list.ts";
import { executeSqlQuery, executeSqlUpdate } from "../../src/protocols/axl/sql.ts";
import { createCatalogueStore } from "../../src/protocols/axl-schema/catalogue.ts";
import { downloadAxlToolkit } from "../../src/protocols/axl-schema/toolkit-download.ts";
import { recordingFetch } from "../support/lab-fetch.ts";
import { startTestLab } from "../support/lab-harness.ts";

let lab: LabHandle;
let cleanup: () => Promise<void>;
let target: AxlTarget;
const tmp = mkdtempSync(join(tmpdir(), "axl-lab-"));

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
}, 60_000);
afterAll(async () => {
  await cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

function client(rec = recordingFetch(), waits: number[] = []) {
  return {
    rec,
    waits,
    c: createAxlClient({
      fetch: rec.fetch,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
      defaultVersion: "15.0",
    }),
  };
}

describe("AXL against the lab", () => {
  test("version negotiation on 599, then session cookie reuse", async () => {
    lab.knobs.set({ axlVersions: ["12.5", "14.0"] });
    try {
      const { c, rec } = client();
      const res = await c.call(target, "getCCMVersion", {});
      expect(res.version).toBe("14.0");
      expect(JSON.stringify(axlReturn(res))).toContain("15.0.1");
      await c.call(target, "getCCMVersion", {});
      expect(rec.sent.map((s) => s.headers["soapaction"])).toEqual([
        '"CUCM:DB ver=15.0 getCCMVersion"',
        '"CUCM:DB ver=14.0 getCCMVersion"',
        '"CUCM:DB ver=14.0 getCCMVersion"',
      ]);
      expect(rec.sent[2]?.headers["cookie"]).toStartWith("JSESSIONIDSSO=");
      expect(rec.sent[2]?.headers["authorization"]).toBeUndefined();
    } finally {
      lab.knobs.set({ axlVersions: ["12.5", "14.0", "15.0"] });
    }
  });

  test("503 and the memory fault are retried; writes are not retried on the memory fault", async () => {
    const { c, waits } = client();
    lab.knobs.set({ axl503Count: 2 });
    const phones = await listAll(
      c,
      target,
      "listPhone",
      { searchCriteria: { name: "%" }, returnedTags: { name: "" } },
      { pageSize: 3 },
    );
    expect(waits).toHaveLength(2);
    expect(phones.truncated).toBe(false);
    const count = await executeSqlQuery(c, target, "select count(*) as n from device where tkclass = 1");
    expect(phones.items).toHaveLength(Number(count.rows[0]?.["n"]));
    expect(phones.requests).toBe(Math.floor(phones.items.length / 3) + 1);

    lab.knobs.set({ axlMemoryFaultCount: 1 });
    await c.call(target, "getCCMVersion", {});
    expect(waits).toHaveLength(3);
    lab.knobs.set({ axlMemoryFaultCount: 1 });
    await expect(
      executeSqlUpdate(c, target, "update device set description = description where 1 = 0"),
    ).rejects.toMatchObject({
      code: "UPSTREAM_THROTTLED",
    });
    lab.knobs.set({ axlMemoryFaultCount: 0 });
  });

  test("a query over the answer cap is split with SKIP/FIRST and returns every row", async () => {
    const { c } = client();
    const all = await executeSqlQuery(c, target, "select name, pkid, description from device order by name");
    const count = await executeSqlQuery(c, target, "select count(*) as n from device");
    expect(all.requests).toBeGreaterThan(2);
    expect(all.rows).toHaveLength(Number(count.rows[0]?.["n"]));
    expect(new Set(all.rows.map((r) => r["name"])).size).toBe(all.rows.length);
  });

  test("a list page over the answer cap is asked again with fewer rows, and nothing is lost", async () => {
    const { c } = client();
    const phones = await listAll(c, target, "listPhone", {
      searchCriteria: { name: "%" },
      returnedTags: { name: "", description: "" },
    });
    const count = await executeSqlQuery(c, target, "select count(*) as n from device where tkclass = 1");
    expect(phones.items).toHaveLength(Number(count.rows[0]?.["n"]));
    expect(new Set(phones.items.map((p) => (p as { name: string }).name)).size).toBe(phones.items.length);
    // The first 1000-row page was refused, so more than one request was needed.
    expect(phones.requests).toBeGreaterThan(2);
  });

  test("a cut answer or a reset connection is survived by reads; a huge answer is refused", async () => {
    const { c } = client();
    lab.knobs.set({ malformedCount: 1 });
    expect((await c.call(target, "getCCMVersion", {})).version).toBe("15.0");
    lab.knobs.set({ resetCount: 1 });
    expect((await c.call(target, "getCCMVersion", {})).version).toBe("15.0");
    const small = createAxlClient({
      fetch: recordingFetch().fetch,
      sleep: async () => {},
      random: () => 0,
      maxResponseBytes: 100_000,
    });
    lab.knobs.set({ hugeResponseBytes: 300_000, hugeResponseCount: 1 });
    await expect(small.call(target, "getCCMVersion", {})).rejects.toMatchObject({ code: "UPSTREAM_TOO_LARGE" });
    lab.knobs.set({ malformedCount: 0, resetCount: 0, hugeResponseCount: 0 });
    expect((await small.call(target, "getCCMVersion", {})).version).toBe("15.0");
  });

  test("faults keep axlcode: a missing phone is 5007", async () => {
    const { c } = client();
    await expect(c.call(target, "getPhone", { name: "SEPFFFFFFFFFFFF" })).rejects.toMatchObject({
      code: "AXL_FAULT",
      details: { axlcode: 5007 },
    });
  });

  test("the toolkit download feeds the catalogue", async () => {
    const rec = recordingFetch();
    const res = await downloadAxlToolkit(
      {
        fetch: rec.fetch,
        writeFile: (p, d) => {
          mkdirSync(dirname(p), { recursive: true });
          writeFileSync(p, d);
        },
      },
      { ...target, schemasDir: tmp },
    );
    expect(res.versions).toContain("15.0");
    const store = createCatalogueStore({
      readText: (p) => (existsSync(p) ? readFileSync(p, "utf8") : undefined),
      modelCacheMax: 1,
      describeCacheMax: 4,
    });
    const cat = store.load(tmp, "15.0");
    expect(cat.listOperations("phone").length).toBeGreaterThan(10);
    expect(cat.validate("getPhone", { name: "SEP001122334455" }).issues).toEqual([]);
  });
});
