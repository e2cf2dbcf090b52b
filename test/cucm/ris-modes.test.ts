/**
 * `cucm_risport_query` and `cucm_risport_cti_query` through the MCP SDK client against the lab's
 * RisPort70 in each of its modes: wildcards go out as selectCmDevice and names as
 * selectCmDeviceExt chunks (so "Ext refuses wildcards" changes nothing); a node that does not page
 * through StateInfo is completed by name with the device names from AXL; a caller who may not
 * run AXL SQL gets an answer marked INCOMPLETE, never a silent cut; zero results decode from a
 * nil CmNodes. Every RIS request is seen on the wire through the injected fetch.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { FetchLike } from "../../src/protocols/http.ts";
import { errorOf, LIMITED_PROFILE, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

const sentOps: string[] = [];
const recording: FetchLike = (url, init) => {
  if (url.includes("/RISService70") && init.method === "POST") {
    const op = /<soap:(selectCmDeviceExt|selectCmDevice|selectCtiItem)\b/.exec(String(init.body ?? ""))?.[1];
    sentOps.push(op ?? "?");
  }
  return fetch(url, init as RequestInit);
};

let bed: TestBed;
let phones: string[];
beforeAll(async () => {
  bed = await startTestBed("cucm", {
    inject: { fetch: recording, risPerMinute: 10_000 },
    // The limited profile may query RIS but not run AXL SQL, so it cannot complete a short answer.
    clients: ["nocti:sub-nocti:nocti"],
    profiles: {
      limited: { ...LIMITED_PROFILE, cucm: { ...LIMITED_PROFILE.cucm, ris: { rate_limit: 100 } } },
      nocti: { product_scope: ["cucm"], cucm: { axl: { rate_limit: 100, allowed_prefixes: ["get"] } } },
    },
  });
  bed.lab.knobs.set({ risPerMinute: 10_000 });
  phones = [...new Set(bed.lab.devices.risDevices().map((d) => d.name))];
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

async function ris(client: string, args: Record<string, unknown>): Promise<Result> {
  sentOps.length = 0;
  return (await (
    await bed.h.v1(client)
  ).callTool({
    name: "cucm_risport_query",
    arguments: { host: bed.node.ip, ...args },
  })) as Result;
}
const names = (r: Result) =>
  new Set(((r.structuredContent?.devices ?? []) as Array<{ name: string }>).map((d) => d.name));

test("wildcards use selectCmDevice and names use selectCmDeviceExt, also when Ext refuses wildcards", async () => {
  bed.lab.knobs.set({ risExtWildcards: "refuse" });
  try {
    const all = await ris("admin", {});
    expect(all.isError).toBeFalsy();
    expect(names(all)).toEqual(new Set(phones));
    expect(new Set(sentOps)).toEqual(new Set(["selectCmDevice"]));
    const c = all.structuredContent?.completeness as { found: number; received: number; incomplete?: string };
    expect(c.received).toBe(c.found);
    expect(c.incomplete).toBeUndefined();

    const some = phones.slice(0, 5);
    const byName = await ris("admin", { items: some });
    expect(names(byName)).toEqual(new Set(some));
    expect(sentOps).toEqual(["selectCmDeviceExt"]);
  } finally {
    bed.lab.knobs.set({ risExtWildcards: "match" });
  }
});

test("a node that does not page is completed by name from AXL, with every phone once", async () => {
  bed.lab.knobs.set({ risStateInfoPaging: "ignored", risMaxPerReply: 7 });
  try {
    const r = await ris("admin", { deviceClass: "Phone" });
    expect(r.isError).toBeFalsy();
    expect(names(r)).toEqual(new Set(phones));
    const c = r.structuredContent?.completeness as { completedByName?: number; incomplete?: string };
    expect(c.incomplete).toBeUndefined();
    expect(c.completedByName).toBeGreaterThan(0);
    expect(sentOps[0]).toBe("selectCmDevice");
    expect(sentOps.filter((o) => o === "selectCmDeviceExt").length).toBe(Math.ceil(Number(c.completedByName) / 7));
    expect(JSON.stringify(r.content)).toContain("asked by name");
    // The AXL lookup went out as a plain read.
    expect(bed.captured.some((e) => e.request.includes("SELECT name FROM device WHERE name LIKE '%'"))).toBe(true);
  } finally {
    bed.lab.knobs.set({ risStateInfoPaging: "pages", risMaxPerReply: 2000 });
  }
}, 60_000);

test("without AXL SQL rights the short answer is reported INCOMPLETE, not cut silently", async () => {
  bed.lab.knobs.set({ risStateInfoPaging: "ignored", risMaxPerReply: 7 });
  try {
    const r = await ris("limited", {});
    expect(r.isError).toBeFalsy();
    const c = r.structuredContent?.completeness as { found: number; received: number; incomplete?: string };
    expect(c.received).toBeLessThan(c.found);
    expect(c.incomplete).toContain("names to ask for are not available");
    expect(JSON.stringify(r.content)).toContain("INCOMPLETE");
  } finally {
    bed.lab.knobs.set({ risStateInfoPaging: "pages", risMaxPerReply: 2000 });
  }
}, 60_000);

test("zero results (nil CmNodes) are an empty answer, not an error", async () => {
  const r = await ris("admin", { items: ["NOSUCHDEVICE*"] });
  expect(r.isError).toBeFalsy();
  expect(r.structuredContent).toMatchObject({ count: 0, completeness: { found: 0, received: 0 } });
});

test("cucm_risport_cti_query: devices and lines with their CTI status; RBAC needs the ris section", async () => {
  const cti = async (client: string, args: Record<string, unknown>) =>
    (await (
      await bed.h.v1(client)
    ).callTool({
      name: "cucm_risport_cti_query",
      arguments: { host: bed.node.ip, ...args },
    })) as Result;
  const expected = bed.lab.devices.ctiItems?.() ?? [];
  expect(expected.length).toBeGreaterThan(0);
  const devices = await cti("admin", {});
  expect(devices.isError).toBeFalsy();
  const items = devices.structuredContent?.items as Array<{ appId: string; appStatus: string; device?: object }>;
  expect(new Set(items.map((i) => i.appId))).toEqual(new Set(expected.map((e) => e.name)));
  expect(devices.structuredContent?.total).toBe(expected.length);
  expect(items.every((i) => i.device !== undefined)).toBe(true);
  const open = await cti("admin", { mgrClass: "Line", status: "Open" });
  const openItems = open.structuredContent?.items as Array<{ appStatus: string; line?: { dirNumber: string } }>;
  expect(openItems.length).toBe(expected.filter((e) => e.status === "Registered").length);
  expect(openItems.every((i) => i.appStatus === "Open" && (i.line?.dirNumber ?? "") !== "")).toBe(true);
  const one = await cti("admin", { devNames: [expected[0]?.name] });
  expect(((one.structuredContent?.items ?? []) as unknown[]).length).toBe(1);
  const none = await cti("admin", { devNames: ["NOSUCHDEVICE"] });
  expect(none.structuredContent).toMatchObject({ count: 0, total: 0 });

  bed.lab.knobs.set({ risMaxPerReply: 1 });
  try {
    const cut = await cti("admin", {});
    expect(String(cut.structuredContent?.incomplete)).toContain("narrow");
  } finally {
    bed.lab.knobs.set({ risMaxPerReply: 2000 });
  }
  const refused = await (await bed.h.v1("nocti")).callTool({
    name: "cucm_risport_cti_query",
    arguments: { host: bed.node.ip },
  });
  expect(errorOf(refused as Result)?.code).toBe("ProfilePermissionError");
}, 60_000);
