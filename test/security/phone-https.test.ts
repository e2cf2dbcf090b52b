/**
 * Phone screenshots over the real stack (MCP SDK client, lab RisPort70 and the lab phones' HTTPS
 * web servers): HTTPS only by default, no plain-HTTP retry when HTTPS fails, and plain HTTP only
 * after the phone credentials were stored with the explicit `plainHttp` choice. Every request the
 * bridge makes is recorded on its way to the real network.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { FetchLike } from "../../src/protocols/http.ts";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

const urls: string[] = [];
const recording: FetchLike = (url, init) => {
  urls.push(url);
  return fetch(url, init as RequestInit);
};
let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm", { inject: { fetch: recording } });
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const call = async (name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1("admin")).callTool({ name, arguments: args })) as Result;
const phone = () => bed.lab.devices.risDevices().find((d) => d.deviceClass === "Phone" && d.status === "Registered");
const phoneUrls = () => urls.filter((u) => u.includes("/CGI/Screenshot"));

test("by default a screenshot goes over HTTPS", async () => {
  urls.length = 0;
  const r = await call("cucm_phone_screenshot", { host: bed.node.ip, deviceName: phone()?.name });
  expect(r.isError).toBeFalsy();
  expect(phoneUrls().length).toBe(1);
  expect(phoneUrls().every((u) => u.startsWith("https://"))).toBe(true);
});

test("when HTTPS fails there is no retry over plain HTTP", async () => {
  const creds = bed.lab.credentials.phone;
  const update = await call("cucm_phone_update_credentials", {
    host: bed.node.ip,
    username: creds.username,
    password: creds.password,
    port: 1, // nothing listens there: the HTTPS connection is refused
  });
  expect(update.isError).toBeFalsy();
  urls.length = 0;
  const r = await call("cucm_phone_screenshot", { host: bed.node.ip, deviceName: phone()?.name });
  expect(r.isError).toBe(true);
  expect(errorOf(r)?.code).toBe("UpstreamUnavailableError");
  expect(phoneUrls().length).toBeGreaterThan(0);
  expect(phoneUrls().filter((u) => u.startsWith("http://"))).toEqual([]);
});

test("plain HTTP only after the credentials say so explicitly; the choice is audited and stated", async () => {
  const creds = bed.lab.credentials.phone;
  const update = await call("cucm_phone_update_credentials", {
    host: bed.node.ip,
    username: creds.username,
    password: creds.password,
    port: bed.lab.summary.phones.webPort,
    plainHttp: true,
  });
  expect(update.isError).toBeFalsy();
  expect(JSON.stringify(update.content)).toContain("in clear");
  expect(
    bed.h.audit().some((e) => e.event === "credential.changed" && e.kind === "phone" && e.plainHttp === true),
  ).toBe(true);
  urls.length = 0;
  // The lab phones speak HTTPS only, so this plain-HTTP attempt fails; what matters is what was sent.
  await call("cucm_phone_screenshot", { host: bed.node.ip, deviceName: phone()?.name });
  expect(phoneUrls().length).toBe(1);
  expect(phoneUrls()[0]?.startsWith("http://")).toBe(true);
});
