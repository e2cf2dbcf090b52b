/**
 * CUCM tool hardening over the real stack (MCP SDK client over HTTPS, the lab's
 * AXL service over TLS) with no schema cached, the default: element and attribute names from the
 * data are refused with a ValidationError naming the key before anything is sent, and the
 * operation name the lab receives is the NFKC form RBAC checked; the connectivity check probes
 * only hosts the caller has credentials for.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm");
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const axlCall = async (operation: string, data: Record<string, unknown>) =>
  (await (
    await bed.h.v1("admin")
  ).callTool({
    name: "cucm_axl_call",
    arguments: { host: bed.node.ip, operation, data },
  })) as Result;

test("a data key x><ns:removePhone is a ValidationError naming the key; nothing reaches CUCM", async () => {
  const before = bed.captured.length;
  for (const data of [
    { name: "SEP001122334455", "x><ns:removePhone": { name: "SEP001122334455" } },
    { sql: "select 1", '@a="1"><ns:executeSQLUpdate': "x" },
    { searchCriteria: { "@xmlns": "http://www.cisco.com/AXL/API/14.0" } },
  ]) {
    const r = await axlCall(Object.hasOwn(data, "sql") ? "executeSQLQuery" : "getPhone", data);
    expect(r.isError).toBe(true);
    expect(errorOf(r)?.code).toBe("ValidationError");
    const key = Object.keys(data).find((k) => k !== "name" && k !== "sql") as string;
    expect(String(errorOf(r)?.message)).toContain(key === "searchCriteria" ? "@xmlns" : key);
  }
  expect(bed.captured.length).toBe(before);
  expect(bed.captured.some((e) => e.request.includes("removePhone") || e.request.includes("executeSQLUpdate"))).toBe(
    false,
  );
  // The server is fine afterwards.
  expect((await axlCall("getCCMVersion", {})).isError).toBeFalsy();
});

test("the operation sent is the NFKC form that RBAC checked, not the raw input", async () => {
  const r = await axlCall("ｇｅｔＣＣＭＶｅｒｓｉｏｎ", {});
  expect(r.isError).toBeFalsy();
  expect(r.structuredContent?.operation).toBe("getCCMVersion");
  const last = bed.captured.at(-1);
  expect(last?.request).toContain("<ns:getCCMVersion");
  expect(last?.request).not.toContain("ｇｅｔ");
});

test("cucm_check_connectivity probes only hosts the caller has credentials for", async () => {
  const client = await bed.h.v1("admin");
  const before = bed.captured.length;
  // An address the caller stored nothing for (another lab node, or any host on the network).
  for (const host of ["127.0.0.1", "cucm-unknown.example"]) {
    const r = (await client.callTool({ name: "cucm_check_connectivity", arguments: { host } })) as Result;
    expect(r.isError).toBe(true);
    expect(errorOf(r)?.code).toBe("CredentialsMissingError");
    expect(JSON.stringify(r.structuredContent)).not.toContain("TCP");
  }
  expect(bed.captured.length).toBe(before);
  const ok = (await client.callTool({ name: "cucm_check_connectivity", arguments: { host: bed.node.ip } })) as Result;
  expect(ok.isError).toBeFalsy();
}, 30_000);
