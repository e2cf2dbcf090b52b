/**
 * AXL writes never leave unordered: with no schema cached, the first write that needs ordering
 * fetches the node's AXL SQL Toolkit (audited) and goes out in schema order; a refused download
 * refuses the write before anything is sent; reads and order-free writes go out as given.
 * Proof: the addRoutePartition the lab received, built from JSON in reverse key order, validates
 * against Cisco's AXLSoap.xsd with xmllint.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { operationDocument, validateWithXmllint, XSD_15 } from "../support/lab-harness.ts";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm");
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const axl = async (operation: string, data: Record<string, unknown>) =>
  (await (
    await bed.h.v1("admin")
  ).callTool({
    name: "cucm_axl_call",
    arguments: { host: bed.node.ip, operation, data },
  })) as Result;
const sent = (operation: string) => bed.captured.filter((e) => e.request.includes(`:${operation}`));

// Keys in the reverse of XRoutePartition's sequence (name, description, …, partitionUsage).
const reversed = (name: string) => ({
  routePartition: { partitionUsage: "General", useOriginatingDeviceTimeZone: "true", description: "Lab", name },
});

test("reads and order-free writes go out as given without fetching the schema", async () => {
  const row = bed.lab.db.query("SELECT name FROM routepartition LIMIT 1").get() as { name: string };
  const read = await axl("getRoutePartition", { name: row.name });
  expect(read.structuredContent).toMatchObject({ schemaChecked: false });
  const sql = await axl("executeSQLUpdate", { sql: "update device set description = 'x' where name = 'none'" });
  expect(sql.structuredContent).toMatchObject({ schemaChecked: false });
  expect(readdirSync(bed.schemasDir)).toEqual([]);
});

test("a refused toolkit download refuses the write before it is sent, with a hint", async () => {
  bed.lab.knobs.set({ toolkitRefusedStatus: 403 });
  const refused = await axl("addRoutePartition", reversed("Fetch_Refused_PT"));
  bed.lab.knobs.set({ toolkitRefusedStatus: 0 });
  const err = errorOf(refused);
  expect(err?.code).toBe("UpstreamAuthError");
  expect(String(err?.message)).toContain("The write was not sent");
  expect(String(err?.hint)).toContain("cucm_download_axl_toolkit");
  expect(sent("addRoutePartition")).toEqual([]);
  expect(bed.h.audit().some((e) => e.event === "toolkit.download_failed" && e.trigger === "write")).toBe(true);
});

test("with no schema cached, a reversed-key addRoutePartition is fetched-for, ordered and valid", async () => {
  const added = await axl("addRoutePartition", reversed("Fetched_Order_PT"));
  expect(added.isError).toBeFalsy();
  expect(added.structuredContent).toMatchObject({ schemaChecked: true, axlVersion: "15.0" });
  expect(added.structuredContent?.schemaFetched as string[]).toContain("15.0");
  expect(bed.h.audit().some((e) => e.event === "toolkit.downloaded" && e.trigger === "write" && e.kind === "axl")).toBe(
    true,
  );
  const request = sent("addRoutePartition").at(-1)?.request ?? "";
  expect(request.indexOf("<name>")).toBeLessThan(request.indexOf("<description>"));
  const doc = operationDocument(request);
  expect(doc).toBeDefined();
  if (Bun.which("xmllint") === null && process.env.CI !== "true") return;
  const res = validateWithXmllint([doc as string], XSD_15);
  expect(res.output).toBe("");
  expect(res.code).toBe(0);
  // Cached now: the next write uses it without another download.
  const downloads = bed.h.audit().filter((e) => e.event === "toolkit.downloaded").length;
  const again = await axl("addRoutePartition", reversed("Second_Order_PT"));
  expect(again.structuredContent?.schemaFetched).toBeUndefined();
  expect(bed.h.audit().filter((e) => e.event === "toolkit.downloaded").length).toBe(downloads);
}, 60_000);
