/**
 * The lab's executeSQLQuery runs the kind of SQL published for CUCM (the AXL Developer Guide's
 * examples, community and open-source tools): Informix paging (FIRST, SKIP, LIMIT after SELECT),
 * nvl, UNIQUE, outer joins in both spellings, subqueries, and the tables those queries use
 * (callforwarddynamic, productsupportsfeature, enduserdevicemap, typemodel, ...). The queries are
 * written for this test in the style of those public examples. SQLite-only forms are refused
 * with Informix's error codes, as a real node would.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { axlCaller, startTestLab } from "../support/lab-harness.ts";

let lab: LabHandle;
let cleanup: () => Promise<void>;
let axl: ReturnType<typeof axlCaller>;
beforeAll(async () => {
  ({ lab, cleanup } = await startTestLab());
  axl = axlCaller(lab);
}, 60_000);
afterAll(async () => {
  await cleanup();
});

async function query(sql: string): Promise<{ status: number; rows: number; text: string }> {
  const r = await axl.call("executeSQLQuery", `<sql><![CDATA[${sql}]]></sql>`);
  return { status: r.status, rows: r.text.split("<row>").length - 1, text: r.text };
}

const EXAMPLES: Array<[string, string, (rows: number) => boolean]> = [
  ["LIMIT after SELECT", "select limit 5 name from device where tkclass = 1 order by name", (n) => n === 5],
  ["SKIP and LIMIT", "select skip 2 limit 3 name, description from device order by name", (n) => n === 3],
  ["SKIP and FIRST", "SELECT SKIP 1 FIRST 2 d.name FROM device d WHERE d.tkclass = 1 ORDER BY d.name", (n) => n === 2],
  [
    "forward-all destinations per line",
    "SELECT n.dnorpattern, cfd.cfadestination, cfd.cfavoicemailenabled FROM numplan n INNER JOIN callforwarddynamic AS cfd ON cfd.fknumplan = n.pkid WHERE cfd.cfadestination != '' ORDER BY n.dnorpattern",
    (n) => n >= 1,
  ],
  [
    "lines forwarded to voicemail",
    "select n.dnorpattern from numplan n, callforwarddynamic cfd where n.pkid = cfd.fknumplan and cfd.cfavoicemailenabled = 't'",
    (n) => n >= 1,
  ],
  [
    "phones with model names",
    "select d.name, d.description, tm.name as model from device d join typemodel tm on tm.enum = d.tkmodel where d.tkclass = 1",
    (n) => n === 8,
  ],
  [
    "phone count per model",
    "select tm.name, count(*) as phones from device d, typemodel tm where d.tkmodel = tm.enum and d.tkclass = 1 group by tm.name order by 2 desc",
    (n) => n === 4,
  ],
  [
    "products that support a feature",
    "select unique tp.name from productsupportsfeature psf join typeproduct tp on tp.enum = psf.tkproduct join typesupportsfeature tsf on tsf.enum = psf.tksupportsfeature where tsf.name = 'Video Capability'",
    (n) => n === 2,
  ],
  [
    "lines with their partition (Informix legacy outer join)",
    "select n.dnorpattern, rp.name as partition from numplan n, outer routepartition rp where n.fkroutepartition = rp.pkid and n.tkpatternusage = 2 order by n.dnorpattern",
    (n) => n === 10,
  ],
  [
    "users and their phones (ANSI outer join)",
    "select e.userid, d.name from enduser e left outer join enduserdevicemap m on m.fkenduser = e.pkid left outer join device d on d.pkid = m.fkdevice order by e.userid",
    (n) => n >= 6,
  ],
  [
    "phones with no owner",
    "select d.name, nvl(d.description, '') as description from device d where d.tkclass = 1 and d.fkenduser is null",
    (n) => n === 2,
  ],
  [
    "device pools and their CallManager group",
    "select dp.name, cmg.name as cmgroup from devicepool dp inner join callmanagergroup cmg on cmg.pkid = dp.fkcallmanagergroup",
    (n) => n === 3,
  ],
  [
    "cluster servers without the system row",
    "select name, description from processnode where name != 'EnterpriseWideData' order by name",
    (n) => n === 3,
  ],
  [
    "phones of one model by subquery",
    "select d.name from device d where d.tkmodel = (select enum from typemodel where name = 'Cisco 8845')",
    (n) => n === 2,
  ],
  [
    "phones that have lines",
    "select name from device where pkid in (select fkdevice from devicenumplanmap) and tkclass = 1",
    (n) => n === 8,
  ],
  [
    "lines per phone",
    "select first 20 d.name, n.dnorpattern, m.numplanindex from device d inner join devicenumplanmap m on m.fkdevice = d.pkid inner join numplan n on n.pkid = m.fknumplan where d.tkclass = 1 order by d.name, m.numplanindex",
    (n) => n === 10,
  ],
  ["SIP trunks", "select d.name, d.description from device d where d.tkclass = 18", (n) => n === 2],
  [
    "translation patterns and their CSS",
    "select n.dnorpattern, n.calledpartytransformationmask, css.name from numplan n left join callingsearchspace css on css.pkid = n.fkcallingsearchspace_translation where n.tkpatternusage = 3",
    (n) => n === 2,
  ],
  [
    "functions",
    "select upper(name) as name, length(name) as len, trim(description) as d from routepartition",
    (n) => n === 3,
  ],
  ["casts and TODAY", "select first 1 pkid::lvarchar as id, today as day from device", (n) => n === 1],
];

describe("lab SQL: published-style CUCM queries", () => {
  test.each(EXAMPLES)("%s", async (_label, sql, rowsOk) => {
    const r = await query(sql);
    expect(r.text).not.toContain("<faultstring>");
    expect(r.status).toBe(200);
    expect(rowsOk(r.rows)).toBe(true);
  });

  test("SQLite-only forms are refused with Informix's codes", async () => {
    const trailing = await query("select name from device limit 5");
    expect(trailing.text).toContain("<axlcode>-201</axlcode>");
    const fn = await query("select ifnull(description, '') from device");
    expect(fn.text).toContain("<axlcode>-674</axlcode>");
    expect(fn.text).toContain("Routine (ifnull) can not be resolved.");
    const table = await query("select * from nosuchtable");
    expect(table.text).toContain("<axlcode>-206</axlcode>");
    const column = await query("select nosuchcolumn from device");
    expect(column.text).toContain("<axlcode>-217</axlcode>");
  });
});
