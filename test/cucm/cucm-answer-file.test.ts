/**
 * Whole answers written to a file (`to_file` on cucm_axl_call) on the lab's enterprise data set,
 * through the MCP SDK client: `select *` over every device comes back as a summary and a
 * download:// resource whose pages hold every row; listPhone as JSON lines beyond the in-answer
 * list cap; another client never sees the file; the quota refuses a file with one error and
 * writes nothing; without the argument the cut answer's hint offers it, only to callers whose
 * profile allows downloads.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_ANSWER_CAPS } from "../../src/mcp/answer.ts";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

const QUOTA = 64 * 1024 * 1024;
let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm", {
    lab: { dataSet: "enterprise" },
    modules: ["logs"],
    clients: ["operator:sub-op:operator", "auditor:sub-aud:auditor"],
    inject: { downloadLimits: { fileBytes: QUOTA, quotaBytes: QUOTA } },
  });
}, 120_000);
afterAll(async () => {
  await bed?.stop();
});

const textOf = (r: Result) => r.content.map((c) => c.text ?? "").join("\n");
const call = async (client: string, args: Record<string, unknown>) =>
  (await (
    await bed.h.v1(client)
  ).callTool({ name: "cucm_axl_call", arguments: { host: bed.node.ip, ...args } }, undefined, {
    timeout: 240_000,
  })) as Result;
const downloads = (client: string) => join(bed.h.root, "clients", client, "downloads");

/** The records of a CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n") {
      record.push(field.replace(/\r$/, ""));
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  return records;
}

/** Every page of a download resource, in order, without the page header lines. */
async function readAllPages(client: string, uri: string): Promise<string[]> {
  const mcp = await bed.h.v1(client);
  const bodies: string[] = [];
  for (let page = 1, pages = 1; page <= pages; page++) {
    const read = await mcp.readResource({ uri: `${uri}?page=${page}` });
    const text = (read.contents[0] as { text: string }).text;
    const header = /^\[([^\]]+): page (\d+) of (\d+)\]\n/.exec(text);
    expect(header?.[2]).toBe(String(page));
    pages = Number(header?.[3]);
    bodies.push(text.slice(header?.[0].length ?? 0));
  }
  return bodies;
}

let uri = "";
test("select * over every device with to_file: a summary with the row count, columns, first rows and a resource", async () => {
  const r = await call("admin", { operation: "executeSQLQuery", data: { sql: "select * from device" }, to_file: true });
  expect(r.isError).toBeFalsy();
  const devices = (bed.lab.db.query("SELECT count(*) AS n FROM device").get() as { n: number }).n;
  expect(devices).toBeGreaterThan(10_000);
  const file = r.structuredContent?.file as {
    uri: string;
    name: string;
    rows: number;
    columns: string[];
    bytes: number;
  };
  expect(file).toMatchObject({ format: "csv", rows: devices });
  expect(file.uri).toBe(`download://${file.name}`);
  expect(file.columns).toContain("name");
  expect(file.columns).toContain("tkmodel");
  expect((r.structuredContent?.result as { row: unknown[] } | undefined)?.row).toHaveLength(5);
  expect(file.bytes).toBeGreaterThan(DEFAULT_ANSWER_CAPS.dataBytes);
  expect(Buffer.byteLength(JSON.stringify(r.structuredContent))).toBeLessThan(DEFAULT_ANSWER_CAPS.dataBytes);
  const text = textOf(r);
  expect(text).toContain(`${devices.toLocaleString("en-US")} rows written to ${file.uri}`);
  expect(text).toContain("the first 5 rows");
  uri = file.uri;
  // The audit says which tool wrote what: rows and bytes.
  const line = bed.h
    .audit()
    .filter((e) => e.event === "axl.answer_file")
    .at(-1);
  expect(line).toMatchObject({
    client: "admin",
    tool: "cucm_axl_call",
    file: file.name,
    rows: devices,
    bytes: file.bytes,
  });
}, 240_000);

test("reading the resource page by page gives every row once, and no page splits a row", async () => {
  expect(uri).not.toBe("");
  const bodies = await readAllPages("admin", uri);
  expect(bodies.length).toBeGreaterThan(1);
  for (const body of bodies) expect(body.endsWith("\n")).toBe(true);
  const [header, ...rows] = parseCsv(bodies.join(""));
  const nameAt = (header ?? []).indexOf("name");
  expect(nameAt).toBeGreaterThanOrEqual(0);
  const want = (bed.lab.db.query("SELECT name FROM device").all() as Array<{ name: string }>).map((d) => d.name).sort();
  expect(rows.map((row) => row[nameAt] ?? "").sort()).toEqual(want);
  for (const row of rows) expect(row).toHaveLength(header?.length ?? 0);
}, 120_000);

test("another client neither lists nor reads the file", async () => {
  const other = await bed.h.v1("operator");
  expect((await other.listResources()).resources.map((x) => x.uri)).not.toContain(uri);
  await expect(other.readResource({ uri })).rejects.toThrow();
  await expect(other.readResource({ uri: `${uri}?page=2` })).rejects.toThrow();
});

test("listPhone with to_file: JSON lines of every phone, past the in-answer list cap", async () => {
  const phones = (bed.lab.db.query("SELECT count(*) AS n FROM device WHERE tkclass = 1").get() as { n: number }).n;
  const r = await call("admin", {
    operation: "listPhone",
    data: { searchCriteria: { name: "%" }, returnedTags: { name: "", model: "" } },
    to_file: true,
  });
  expect(r.isError).toBeFalsy();
  const file = r.structuredContent?.file as { uri: string; rows: number };
  expect(file).toMatchObject({ format: "jsonl", rows: phones });
  expect(phones).toBeGreaterThan(10_000);
  const lines = (await readAllPages("admin", file.uri)).join("").split("\n").filter(Boolean);
  expect(lines).toHaveLength(phones);
  expect(JSON.parse(lines[0] ?? "{}")).toHaveProperty("name");
}, 240_000);

test("over the quota: one clear error, and nothing is written", async () => {
  // The operator's downloads already hold nearly the whole quota.
  mkdirSync(downloads("operator"), { recursive: true });
  writeFileSync(join(downloads("operator"), "filler.txt"), Buffer.alloc(QUOTA - 10_000, 0x41));
  const r = await call("operator", {
    operation: "executeSQLQuery",
    data: { sql: "select * from device" },
    to_file: true,
  });
  expect(r.isError).toBe(true);
  expect(errorOf(r)?.code).toBe("LimitExceededError");
  expect(textOf(r)).toMatch(/over your \d+-byte quota; nothing was saved/);
  expect(readdirSync(downloads("operator"))).toEqual(["filler.txt"]);
}, 240_000);

test("without to_file the cut answer's hint offers it; a profile without downloads is neither offered nor allowed it", async () => {
  const sql = { operation: "executeSQLQuery", data: { sql: "select * from device" } };
  const cut = await call("admin", sql);
  expect(cut.isError).toBeFalsy();
  expect(textOf(cut)).toMatch(/more rows not shown; call again with SKIP n FIRST m.*or to_file: true/);
  // The auditor profile has no cucm.logs.download.
  const plain = await call("auditor", { ...sql, data: { sql: "select * from device where tkclass = 1" } });
  expect(plain.isError).toBeFalsy();
  expect(textOf(plain)).toContain("more rows not shown");
  expect(textOf(plain)).not.toContain("to_file");
  const refused = await call("auditor", { ...sql, to_file: true });
  expect(errorOf(refused)?.code).toBe("ProfilePermissionError");
  expect(textOf(refused)).toContain("cucm.logs.download");
}, 240_000);

test("to_file on an operation that answers no rows is refused before any call", async () => {
  const r = await call("admin", { operation: "getPhone", data: { name: "SEP000000000001" }, to_file: true });
  expect(errorOf(r)?.code).toBe("ValidationError");
  expect(textOf(r)).toContain("only executeSQLQuery {sql} and list* without skip/first");
});
