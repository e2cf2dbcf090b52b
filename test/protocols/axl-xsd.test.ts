/**
 * Every AXL request the client emits is validated against Cisco's own AXLSoap.xsd (15.0) with
 * xmllint, read from ../shared/cisco-schema at test time (never copied into the project). The
 * operation element is cut out of the envelope into a standalone document, because the XSD
 * declares the operation elements, not the SOAP envelope.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type AxlTarget, createAxlClient } from "../../src/protocols/axl/client.ts";
import { listAll } from "../../src/protocols/axl/list.ts";
import { executeSqlQuery, executeSqlUpdate } from "../../src/protocols/axl/sql.ts";
import { axlResponse, fakeUpstream } from "../support/fake-upstream.ts";

const XSD = resolve(import.meta.dir, "../../../shared/cisco-schema/axl/15.0/AXLSoap.xsd");
const haveTools = existsSync(XSD) && Bun.which("xmllint") !== null;
const mustRun = process.env.CI === "true";
const dir = mkdtempSync(join(tmpdir(), "axl-xsd-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Cuts `<ns:op …>…</ns:op>` out of an envelope and declares its namespaces on it. */
function operationDocument(envelope: string): string {
  const start = envelope.indexOf("<soapenv:Body>") + "<soapenv:Body>".length;
  const end = envelope.indexOf("</soapenv:Body>");
  const op = envelope.slice(start, end);
  const nameEnd = op.search(/[ />]/);
  return `${op.slice(0, nameEnd)} xmlns:ns="http://www.cisco.com/AXL/API/15.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"${op.slice(nameEnd)}`;
}

describe("AXL requests against AXLSoap.xsd 15.0", () => {
  test.skipIf(!haveTools && !mustRun)("every request the client builds is schema-valid", async () => {
    expect(haveTools).toBe(true);
    const up = fakeUpstream((req) => {
      const op = (req.headers["soapaction"] ?? "").split(" ").at(-1)?.replace('"', "") ?? "";
      return axlResponse(op, op === "executeSQLUpdate" ? "<rowsUpdated>0</rowsUpdated>" : "");
    });
    const c = createAxlClient({ fetch: up.fetch, sleep: async () => {}, random: () => 0, defaultVersion: "15.0" });
    const t: AxlTarget = {
      host: "h",
      port: 8443,
      username: "u",
      password: "p",
      timeoutMs: 1000,
      tls: { rejectUnauthorized: true },
    };
    await c.call(t, "getCCMVersion", { processNodeName: "" });
    await executeSqlQuery(c, t, "select d.name, d.pkid from device d where d.tkclass = 1 and d.name like 'SEP%' & 1");
    await executeSqlUpdate(c, t, "update device set description = '<lab>' where name = 'SEP001122334455'");
    await c.call(t, "getPhone", {
      name: "SEP001122334455",
      returnedTags: { name: "", description: "", lines: { line: { index: "", dirn: { pattern: "" } } } },
    });
    await c.call(t, "getPhone", { uuid: "{ED8F1F0E-1111-2222-3333-444455556666}" });
    await listAll(c, t, "listPhone", {
      "@sequence": "1",
      searchCriteria: { name: "SEP%", devicePoolName: "Default" },
      returnedTags: { name: "", description: "", model: "", devicePoolName: "" },
    });
    await c.call(t, "updatePhone", {
      name: "SEP001122334455",
      description: "Lobby & hall",
      callingSearchSpaceName: null,
    });
    await c.call(t, "removePhone", { name: "SEP001122334455" });
    const files = up.requests.map((r, i) => {
      const f = join(dir, `req-${i}.xml`);
      writeFileSync(f, operationDocument(r.body));
      return f;
    });
    expect(files.length).toBe(8);
    const run = Bun.spawnSync(["xmllint", "--noout", "--schema", XSD, ...files], { stderr: "pipe" });
    const report = run.stderr.toString();
    expect(report.split("\n").filter((l) => l.endsWith(" validates"))).toHaveLength(files.length);
    expect(run.exitCode).toBe(0);
  });
});
