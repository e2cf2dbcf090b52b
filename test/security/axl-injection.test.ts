/**
 * XML injection through `cucm_axl_call`, over the real stack (MCP SDK client over HTTPS, the lab's
 * AXL service over TLS) with no schema cached, the default: element and attribute names from the
 * data are refused with a ValidationError naming the key before anything is sent, and the
 * operation name the lab receives is the NFKC form RBAC checked.
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
