/**
 * Every kind of RisPort70 reply the lab sends validates against the schema inside Cisco's
 * RISService70.wsdl (element order, enums, nillable handling), checked with xmllint. The
 * schema is cut out of the WSDL into a temp directory at test time and never kept.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { basicAuthHeader } from "../../src/lab/ris/basic-auth.ts";
import { createRisHandler } from "../../src/lab/ris/handler.ts";
import { IN_CI, labNodes, makeDevices, testKnobs } from "../support/lab-fixtures.ts";

const WSDL = resolve(import.meta.dir, "../../../shared/cisco-schema/ris/RISService70.wsdl");
const XMLLINT = "/usr/bin/xmllint";
const ready = existsSync(XMLLINT) && existsSync(WSDL);
const CREDS = { username: "risuser", password: "Ris-lab-pass-9" };
const SOAP_BODY_OPEN = "<soapenv:Body>";

describe.skipIf(!ready && !IN_CI)("RisPort70 replies against the WSDL schema", () => {
  const dir = mkdtempSync(join(tmpdir(), "ris-xsd-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("selectCmDevice (paged, filtered, empty) and selectCtiItem (all classes) are schema-valid", async () => {
    expect(ready).toBe(true);
    const wsdl = readFileSync(WSDL, "utf8");
    const start = wsdl.indexOf("<schema ");
    const end = wsdl.indexOf("</schema>") + "</schema>".length;
    const schema = wsdl
      .slice(start, end)
      .replace(
        "<schema ",
        '<schema xmlns:tns="http://schemas.cisco.com/ast/soap" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ',
      );
    writeFileSync(join(dir, "ris.xsd"), schema);

    const { devices } = makeDevices(1100);
    devices.push({ ...devices[1]!, name: "SEPNOLINES0001", dirNumbers: [], ip: "", status: "UnRegistered" });
    const nodes = labNodes();
    const ris = createRisHandler({
      node: nodes[0]!,
      nodes,
      devices: {
        risDevices: () => devices,
        ctiItems: () => [
          { name: "SEP001122000001", node: "cucm-pub", status: "Registered", timestamp: 1_760_000_001 },
          { name: "SEP001122000002", node: "cucm-sub1", status: "Rejected", timestamp: 1_760_000_002 },
        ],
      },
      knobs: testKnobs({ risPerMinute: 100 }),
      credentials: CREDS,
    });
    const call = async (op: string, inner: string) => {
      const body = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap="http://schemas.cisco.com/ast/soap"><soapenv:Body><soap:${op}>${inner}</soap:${op}></soapenv:Body></soapenv:Envelope>`;
      const res = await ris(
        new Request("https://lab/realtimeservice2/services/RISService70", {
          method: "POST",
          headers: { authorization: basicAuthHeader(CREDS), "content-type": "text/xml" },
          body,
        }),
      );
      return res.text();
    };
    const criteria = (items: string, max = 1000) =>
      `<soap:StateInfo/><soap:CmSelectionCriteria><soap:MaxReturnedDevices>${max}</soap:MaxReturnedDevices><soap:DeviceClass>Any</soap:DeviceClass><soap:Model>255</soap:Model><soap:Status>Any</soap:Status><soap:NodeName/><soap:SelectBy>Name</soap:SelectBy><soap:SelectItems>${items}</soap:SelectItems><soap:Protocol>Any</soap:Protocol><soap:DownloadStatus>Any</soap:DownloadStatus></soap:CmSelectionCriteria>`;
    const cti = (cls: string) =>
      `<soap:StateInfo/><soap:CtiSelectionCriteria><soap:MaxReturnedItems>10</soap:MaxReturnedItems><soap:CtiMgrClass>${cls}</soap:CtiMgrClass><soap:Status>Any</soap:Status><soap:NodeName/><soap:SelectAppBy>AppId</soap:SelectAppBy></soap:CtiSelectionCriteria>`;
    const replies = [
      await call("selectCmDevice", criteria("")),
      await call("selectCmDevice", criteria("<soap:item><soap:Item>SEPNOLINES*</soap:Item></soap:item>")),
      await call("selectCmDevice", criteria("<soap:item><soap:Item>nothing*</soap:Item></soap:item>")),
      await call("selectCmDeviceExt", criteria("", 5)),
      await call("selectCtiItem", cti("Provider")),
      await call("selectCtiItem", cti("Device")),
      await call("selectCtiItem", cti("Line")),
    ];
    const files = replies.map((xml, i) => {
      // The operation element alone, with the xsi prefix it uses declared on it.
      const inner = xml.slice(xml.indexOf(SOAP_BODY_OPEN) + SOAP_BODY_OPEN.length, xml.lastIndexOf("</soapenv:Body>"));
      const standalone = inner.replace(
        " xmlns:ns1=",
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1=',
      );
      const file = join(dir, `reply-${i}.xml`);
      writeFileSync(file, standalone);
      return file;
    });
    const run = Bun.spawnSync([XMLLINT, "--noout", "--schema", join(dir, "ris.xsd"), ...files]);
    const report = run.stderr.toString();
    expect(report.split("\n").filter((l) => l.includes("validates")).length).toBe(files.length);
    expect(report).not.toContain("fails to validate");
    expect(run.exitCode).toBe(0);
  }, 30_000);
});
