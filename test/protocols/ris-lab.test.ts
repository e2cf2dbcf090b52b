/**
 * RisPort70 paging and budget against the lab, and a phone screenshot fetched from the IP the
 * lab's RIS reports (never one the test makes up).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { fetchScreenshot } from "../../src/protocols/phone/screenshot.ts";
import { createRisClient, type RisProgress, type RisTarget } from "../../src/protocols/ris/client.ts";
import { createRisBudget } from "../../src/protocols/ris/rate-budget.ts";
import { decodePng } from "../../src/util/image/png.ts";
import { recordingFetch } from "../support/lab-fetch.ts";
import { startTestLab } from "../support/lab-harness.ts";

let lab: LabHandle;
let cleanup: () => Promise<void>;
let target: RisTarget;

beforeAll(async () => {
  ({ lab, cleanup } = await startTestLab());
  const sub = lab.nodes.find((n) => n.name === "cucm-sub")!;
  target = {
    host: sub.ip,
    port: sub.httpsPort,
    username: lab.credentials.axl.username,
    password: lab.credentials.axl.password,
    timeoutMs: 10_000,
    tls: { rejectUnauthorized: true, ca: lab.caCertPem },
  };
}, 60_000);
afterAll(() => cleanup());

test("RIS pages every device, merged across nodes, within the per-minute budget", async () => {
  const expected = new Set(
    lab.devices
      .risDevices()
      .filter((d) => d.deviceClass === "Phone")
      .map((d) => d.name),
  );
  // The lab clock runs 600x faster; our budget's clock is scaled the same way.
  const speed = 600;
  lab.knobs.set({ risPerMinute: 2, clockSpeed: speed });
  const waits: number[] = [];
  const budget = createRisBudget({
    perMinute: 2,
    now: () => Date.now() * speed,
    sleep: async (ms) => {
      waits.push(ms);
      await Bun.sleep(Math.ceil(ms / speed) + 20);
    },
  });
  const rec = recordingFetch();
  const client = createRisClient({ fetch: rec.fetch, budget });
  const progress: RisProgress[] = [];
  try {
    const res = await client.selectCmDevice(
      target,
      { deviceClass: "Phone" },
      { pageSize: 3, onProgress: (p) => progress.push(p) },
    );
    expect(new Set(res.devices.map((d) => d.name))).toEqual(expected);
    expect(res.requests).toBeGreaterThan(2);
    // Scaled clocks on both sides can disagree by a few lab seconds: at most one rate fault retried.
    expect(rec.sent.length).toBeLessThanOrEqual(res.requests + 1);
    expect(waits.length).toBeGreaterThan(0);
    expect(progress.some((p) => p.kind === "waiting")).toBe(true);
  } finally {
    lab.knobs.set({ risPerMinute: 15, clockSpeed: 1 });
  }
});

test("a screenshot from the RIS-reported IP comes back as PNG", async () => {
  const budget = createRisBudget({ perMinute: 15, now: () => Date.now(), sleep: async () => {} });
  const client = createRisClient({ fetch: recordingFetch().fetch, budget });
  const res = await client.selectCmDevice(target, { deviceClass: "Phone", status: "Registered" });
  const withWeb = lab.devices.risDevices().find((d) => d.webPort && d.status === "Registered");
  const phone = res.devices.find((d) => d.name === withWeb?.name);
  expect(phone?.ipv4).toBeDefined();
  const shot = await fetchScreenshot(recordingFetch().fetch, {
    ip: phone!.ipv4!,
    port: withWeb!.webPort!,
    username: lab.credentials.phone.username,
    password: lab.credentials.phone.password,
    timeoutMs: 10_000,
  });
  expect(shot.mimeType).toBe("image/png");
  const img = decodePng(shot.data);
  expect(img.width).toBeGreaterThan(100);
  const denied = await fetchScreenshot(recordingFetch().fetch, {
    ip: phone!.ipv4!,
    port: withWeb!.webPort!,
    username: "nobody",
    password: "wrong",
    timeoutMs: 10_000,
  }).catch((e) => e);
  expect(denied.code).toBe("UPSTREAM_AUTH");
});

test("selectCtiItem lists CTI devices per node", async () => {
  const budget = createRisBudget({ perMinute: 15, now: () => Date.now(), sleep: async () => {} });
  const client = createRisClient({ fetch: recordingFetch().fetch, budget });
  const res = await client.selectCtiItem(target, { mgrClass: "Device" });
  const expected = lab.devices.ctiItems?.() ?? [];
  expect(res.items).toHaveLength(expected.length);
  expect(res.nodeErrors).toEqual([]);
  if (expected.length > 0) expect(res.items[0]?.device?.name).toBeTruthy();
});
