/**
 * The answer cap on a big cluster: `select *` over the lab's enterprise data set (50,000 devices)
 * through the MCP SDK client comes back within the default caps of structuredContent and text,
 * with how many rows were left out and how to page for them.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { DEFAULT_ANSWER_CAPS } from "../../src/mcp/answer.ts";
import { type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm", { lab: { dataSet: "enterprise" } });
}, 120_000);
afterAll(async () => {
  await bed?.stop();
});

test("select * over every device: at most the cap, with the count left out and a paging hint", async () => {
  const client = await bed.h.v1("admin");
  const r = (await client.callTool(
    {
      name: "cucm_axl_call",
      arguments: { host: bed.node.ip, operation: "executeSQLQuery", data: { sql: "select * from device" } },
    },
    undefined,
    { timeout: 240_000 },
  )) as Result;
  expect(r.isError).toBeFalsy();
  const devices = (bed.lab.db.query("SELECT count(*) AS n FROM device").get() as { n: number }).n;
  expect(devices).toBeGreaterThan(10_000);
  expect(Buffer.byteLength(JSON.stringify(r.structuredContent))).toBeLessThanOrEqual(DEFAULT_ANSWER_CAPS.dataBytes);
  expect(r.structuredContent?.bounded).toMatchObject({ field: "result.row", total: devices });
  const text = r.content.map((c) => c.text ?? "").join("\n");
  expect(text.length).toBeLessThanOrEqual(DEFAULT_ANSWER_CAPS.textChars);
  expect(text).toMatch(/… [\d,]+ more rows not shown; call again with SKIP n FIRST m/);
}, 240_000);
