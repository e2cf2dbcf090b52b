/**
 * The lab's CUCM AXL end to end over real TLS: typed operations round-trip and are visible to
 * executeSQLQuery, Informix SKIP/FIRST, every fault CUCM gives (unknown op, 5007, duplicate, 599,
 * 503, memory, 8 MB), the knobs (malformed, reset), JSESSIONIDSSO, IM&P AXL, the toolkit zip and
 * lab.json; then every 15.0 request and response exchanged is validated with one xmllint call.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { unzipSync } from "fflate";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { axlCaller, operationDocument, startTestLab, XSD_15, xmllintInvalid } from "../support/lab-harness.ts";

let lab: LabHandle;
let cleanup: () => Promise<void>;
let axl: ReturnType<typeof axlCaller>;
let imp: ReturnType<typeof axlCaller>;

beforeAll(async () => {
  const started = await startTestLab({ maxQueryBytes: 64 * 1024 });
  lab = started.lab;
  cleanup = started.cleanup;
  axl = axlCaller(lab);
  imp = axlCaller(lab, "imp-pub");
}, 60_000);

const haveXmllint = existsSync(XSD_15) && Bun.which("xmllint") !== null;
const mustRun = process.env.CI === "true";

afterAll(async () => {
  await cleanup();
});

function between(text: string, tag: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf(`<${tag}`, at);
    if (open === -1) return out;
    const start = text.indexOf(">", open) + 1;
    const end = text.indexOf(`</${tag}>`, start);
    if (end === -1) return out;
    out.push(text.slice(start, end));
    at = end;
  }
}

async function sql(query: string): Promise<string> {
  const r = await axl.call("executeSQLQuery", `<sql><![CDATA[${query}]]></sql>`);
  expect(r.status).toBe(200);
  return r.text;
}

describe("lab AXL: basics", () => {
  test("getCCMVersion answers CUCM's version in Axis2 style", async () => {
    const r = await axl.call("getCCMVersion", "<processNodeName></processNodeName>");
    expect(r.status).toBe(200);
    expect(r.text.startsWith("<?xml version='1.0' encoding='utf-8'?>")).toBe(true);
    expect(r.text).toContain("<version>15.0.1.12900(34)</version>");
    expect(r.text).toContain('<ns:getCCMVersionResponse xmlns:ns="http://www.cisco.com/AXL/API/15.0">');
  });

  test("GET /axl/ with auth is the health page; without auth 401", async () => {
    const ok = await fetch(axl.url, {
      headers: { authorization: axl.auth },
      tls: { ca: lab.caCertPem },
    } as RequestInit);
    expect(await ok.text()).toContain("The AXL Web Service is working and accepting requests");
    const no = await fetch(axl.url, { tls: { ca: lab.caCertPem } } as RequestInit);
    expect(no.status).toBe(401);
  });

  test("JSESSIONIDSSO is set once and accepted without Basic credentials", async () => {
    const first = await axl.call("getCCMVersion", "");
    const cookie = first.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^JSESSIONIDSSO=[0-9A-F]{32}; Path=\/; Secure; HttpOnly/);
    const value = cookie.split(";")[0] ?? "";
    const body = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/15.0"><soapenv:Body><ns:getCCMVersion/></soapenv:Body></soapenv:Envelope>`;
    const again = await axl.raw(body, { cookie: value, soapaction: "CUCM:DB ver=15.0 getCCMVersion" });
    expect(again.status).toBe(200);
    expect(again.headers.get("set-cookie")).toBeNull();
    const stale = await axl.raw(body, {
      cookie: "JSESSIONIDSSO=DEADBEEF",
      soapaction: "CUCM:DB ver=15.0 getCCMVersion",
    });
    expect(stale.status).toBe(404);
  });

  test("sequence attribute is echoed", async () => {
    const r = await axl.call("getPhone", "<name>SEP00A1B2C30001</name>", { attrs: ' sequence="42"' });
    expect(r.text).toContain('sequence="42"');
  });
});

describe("lab AXL: typed operations round-trip through the same SQLite rows", () => {
  test("Phone: add → get → list → update → remove, seen by executeSQLQuery", async () => {
    const phone =
      "<phone><name>SEP0000CAFE0001</name><description>Lab test phone</description><product>Cisco 8845</product><class>Phone</class>" +
      "<protocol>SIP</protocol><protocolSide>User</protocolSide><devicePoolName>DP-HQ</devicePoolName><commonPhoneConfigName>Standard Common Phone Profile</commonPhoneConfigName>" +
      "<locationName>Hub_None</locationName><useTrustedRelayPoint>Default</useTrustedRelayPoint>" +
      "<lines><line><index>1</index><label>Test</label><dirn><pattern>4999</pattern><routePartitionName>PT-Internal</routePartitionName></dirn></line></lines>" +
      "<phoneTemplateName>Standard 8845 SIP</phoneTemplateName><primaryPhoneName/><builtInBridgeStatus>Default</builtInBridgeStatus>" +
      "<packetCaptureMode>None</packetCaptureMode><certificateOperation>No Pending Operation</certificateOperation><deviceMobilityMode>Default</deviceMobilityMode></phone>";
    const add = await axl.call("addPhone", phone);
    expect(add.status).toBe(200);
    const uuid = between(add.text, "return")[0] ?? "";
    expect(uuid).toMatch(/^\{[0-9A-F-]{36}\}$/);
    const get = await axl.call("getPhone", `<uuid>${uuid.toLowerCase()}</uuid>`);
    expect(get.text).toContain("<name>SEP0000CAFE0001</name>");
    expect(get.text).toContain("<pattern>4999</pattern>");
    expect(get.text).toContain(">DP-HQ</devicePoolName>");
    const rows = await sql(
      "select d.pkid, d.name, n.dnorpattern from device d join devicenumplanmap m on m.fkdevice = d.pkid join numplan n on n.pkid = m.fknumplan where d.name = 'SEP0000CAFE0001'",
    );
    expect(rows).toContain(`<pkid>${uuid.slice(1, -1).toLowerCase()}</pkid>`);
    expect(rows).toContain("<dnorpattern>4999</dnorpattern>");
    const list = await axl.call(
      "listPhone",
      "<searchCriteria><name>SEP0000CAFE%</name></searchCriteria><returnedTags><name/><description/><model/></returnedTags>",
    );
    expect(between(list.text, "name")).toEqual(["SEP0000CAFE0001"]);
    expect(list.text).not.toContain("<devicePoolName");
    const upd = await axl.call(
      "updatePhone",
      "<name>SEP0000CAFE0001</name><description>Changed</description><devicePoolName>Default</devicePoolName>",
    );
    expect(upd.status).toBe(200);
    expect(await sql("select description from device where name = 'SEP0000CAFE0001'")).toContain(
      "<description>Changed</description>",
    );
    const tags = await axl.call(
      "getPhone",
      "<name>SEP0000CAFE0001</name><returnedTags><description/><devicePoolName/></returnedTags>",
    );
    expect(tags.text).toContain("<description>Changed</description>");
    expect(tags.text).not.toContain("<product>");
    const rm = await axl.call("removePhone", "<name>SEP0000CAFE0001</name>");
    expect(between(rm.text, "return")[0]).toBe(uuid);
    expect(await sql("select count(*) from device where name = 'SEP0000CAFE0001'")).toContain("<count>0</count>");
  });

  test("Line, User, DevicePool, Css, RoutePartition, RoutePattern round-trip", async () => {
    const cases: Array<{ type: string; add: string; key: string; update: string; check: string; list: string }> = [
      {
        type: "RoutePartition",
        add: "<routePartition><name>PT-Test</name><description>t</description></routePartition>",
        key: "<name>PT-Test</name>",
        update: "<description>changed</description>",
        check: "select description from routepartition where name = 'PT-Test'",
        list: "<searchCriteria><name>PT-T%</name></searchCriteria><returnedTags><name/><description/></returnedTags>",
      },
      {
        type: "Line",
        add: "<line><pattern>5555</pattern><description>t</description><usage>Device</usage><routePartitionName>PT-Test</routePartitionName></line>",
        key: "<pattern>5555</pattern><routePartitionName>PT-Test</routePartitionName>",
        update: "<description>changed</description>",
        check: "select description from numplan where dnorpattern = '5555'",
        list: "<searchCriteria><pattern>555%</pattern></searchCriteria><returnedTags><pattern/><description/><routePartitionName/></returnedTags>",
      },
      {
        type: "User",
        add: "<user><firstName>Test</firstName><lastName>User</lastName><userid>tuser</userid><department>t</department><presenceGroupName>Standard Presence group</presenceGroupName></user>",
        key: "<userid>tuser</userid>",
        update: "<department>changed</department>",
        check: "select department as description from enduser where userid = 'tuser'",
        list: "<searchCriteria><userid>tuse%</userid></searchCriteria><returnedTags><firstName/><lastName/><userid/><department/></returnedTags>",
      },
      {
        type: "DevicePool",
        add: "<devicePool><name>DP-Test</name><dateTimeSettingName>CMLocal</dateTimeSettingName><callManagerGroupName>Default</callManagerGroupName><regionName>Default</regionName><srstName>Disable</srstName><aarNeighborhoodName/></devicePool>",
        key: "<name>DP-Test</name>",
        update: "<srstName>Use Default Gateway</srstName>",
        check:
          "select s.name as description from devicepool d join srst s on s.pkid = d.fksrst where d.name = 'DP-Test'",
        list: "<searchCriteria><name>DP-T%</name></searchCriteria><returnedTags><name/><srstName/></returnedTags>",
      },
      {
        type: "Css",
        add: "<css><description>t</description><members><member><routePartitionName>PT-Test</routePartitionName><index>1</index></member></members><name>CSS-Test</name></css>",
        key: "<name>CSS-Test</name>",
        update: "<description>changed</description>",
        check: "select description from callingsearchspace where name = 'CSS-Test'",
        list: "<searchCriteria><name>CSS-T%</name></searchCriteria><returnedTags><description/><name/></returnedTags>",
      },
      {
        type: "RoutePattern",
        add: "<routePattern><pattern>8.@</pattern><description>t</description><routePartitionName>PT-Test</routePartitionName><blockEnable>false</blockEnable><useCallingPartyPhoneMask>Default</useCallingPartyPhoneMask><dialPlanName>NANP</dialPlanName><digitDiscardInstructionName>PreDot</digitDiscardInstructionName><networkLocation>OnNet</networkLocation><prefixDigitsOut/><routeFilterName/><destination><routeListName>RL-PSTN</routeListName></destination></routePattern>",
        key: "<pattern>8.@</pattern><routePartitionName>PT-Test</routePartitionName><dialPlanName>NANP</dialPlanName><routeFilterName/>",
        update: "<description>changed</description>",
        check: "select description from numplan where dnorpattern = '8.@'",
        list: "<searchCriteria><pattern>8%</pattern></searchCriteria><returnedTags><pattern/><description/><routePartitionName/></returnedTags>",
      },
    ];
    for (const c of cases) {
      const add = await axl.call(`add${c.type}`, c.add);
      expect(add.status, `add${c.type}: ${add.text}`).toBe(200);
      const get = await axl.call(`get${c.type}`, c.key);
      expect(get.status, `get${c.type}: ${get.text}`).toBe(200);
      const list = await axl.call(`list${c.type}`, c.list);
      expect(list.status).toBe(200);
      expect(list.text.length).toBeGreaterThan(200);
      const upd = await axl.call(`update${c.type}`, c.key + c.update);
      expect(upd.status, `update${c.type}: ${upd.text}`).toBe(200);
      const seen = await sql(c.check);
      expect(seen).toMatch(/<description>(changed|Use Default Gateway)<\/description>/);
    }
    const css = await axl.call("getCss", "<name>CSS-Test</name>");
    expect(css.text).toContain(">PT-Test</routePartitionName><index>1</index>");
    const pattern = await axl.call(
      "getRoutePattern",
      "<pattern>8.@</pattern><routePartitionName>PT-Test</routePartitionName><dialPlanName>NANP</dialPlanName><routeFilterName/>",
    );
    expect(pattern.text).toContain(">RL-PSTN</routeListName>");
    for (const c of [...cases].reverse()) {
      const rm = await axl.call(`remove${c.type}`, c.key);
      expect(rm.status, `remove${c.type}: ${rm.text}`).toBe(200);
    }
    expect(await sql("select count(*) from routepartition where name = 'PT-Test'")).toContain("<count>0</count>");
  });

  test("listPhone pages with skip/first; SQL pages with Informix SKIP/FIRST", async () => {
    const page = async (skip: number) =>
      between(
        (
          await axl.call(
            "listPhone",
            `<searchCriteria><name>SEP%</name></searchCriteria><returnedTags><name/></returnedTags><skip>${skip}</skip><first>3</first>`,
          )
        ).text,
        "name",
      );
    const [a, b, c] = [await page(0), await page(3), await page(6)];
    expect(a.length).toBe(3);
    expect(b.length).toBe(3);
    expect(c.length).toBe(2);
    expect(new Set([...a, ...b, ...c]).size).toBe(8);
    const sqlPage = between(
      await sql("select skip 2 first 3 name from device where tkclass = 1 order by name"),
      "name",
    );
    expect(sqlPage).toEqual([...a, ...b].sort().slice(2, 5));
  });

  test("executeSQLUpdate changes rows that getPhone then shows; UUIDs lowercase in SQL", async () => {
    const r = await axl.call(
      "executeSQLUpdate",
      "<sql>update device set description = 'via sql' where name = 'SEP00A1B2C30000'</sql>",
    );
    expect(r.text).toContain("<rowsUpdated>1</rowsUpdated>");
    const get = await axl.call("getPhone", "<name>SEP00A1B2C30000</name>");
    expect(get.text).toContain("<description>via sql</description>");
    const pkid = between(await sql("select pkid from device where name = 'SEP00A1B2C30000'"), "pkid")[0] ?? "";
    expect(pkid).toMatch(/^[0-9a-f-]{36}$/);
    expect(get.text).toContain(`uuid="{${pkid.toUpperCase()}}"`);
  });
});

describe("lab AXL: faults", () => {
  test("unknown operation: Axis2 EPR fault", async () => {
    const r = await axl.call("getPhonez", "<name>x</name>");
    expect(r.status).toBe(500);
    expect(r.text).toContain("The endpoint reference (EPR) for the Operation not found is");
    expect(r.text).toContain("WSA Action = CUCM:DB ver=15.0 getPhonez");
  });

  test("not found: 5007; duplicate add: -239; bad SQL: Informix codes", async () => {
    const nf = await axl.call("getUser", "<userid>nobody</userid>");
    expect(nf.status).toBe(500);
    expect(nf.text).toContain("<axlcode>5007</axlcode>");
    expect(nf.text).toContain("<request>getUser</request>");
    const dup = await axl.call("addRoutePartition", "<routePartition><name>PT-Internal</name></routePartition>");
    expect(dup.text).toContain("<axlcode>-239</axlcode>");
    const table = await axl.call("executeSQLQuery", "<sql>select * from nosuchtable</sql>");
    expect(table.text).toContain("<axlcode>-206</axlcode>");
    const syntax = await axl.call("executeSQLQuery", "<sql>select from where</sql>");
    expect(syntax.text).toContain("<axlcode>-201</axlcode>");
  });

  test("unsupported version: HTTP 599 listing the supported versions; knob changes the list", async () => {
    const r = await axl.call("getCCMVersion", "", { version: "11.0" });
    expect(r.status).toBe(599);
    expect(r.text).toContain("Incorrect axl version. Supported axl versions are 12.5, 14.0 and 15.0");
    lab.knobs.set({ axlVersions: ["14.0", "15.0"] });
    const old = await axl.call("getCCMVersion", "", { version: "12.5" });
    expect(old.status).toBe(599);
    expect(old.text).toContain("Supported axl versions are 14.0 and 15.0");
    lab.knobs.set({ axlVersions: ["12.5", "14.0", "15.0"] });
    expect((await axl.call("getCCMVersion", "", { version: "14.0" })).status).toBe(200);
  });

  test("503 knob and write-queue depth throttle; memory knob gives the -1 fault", async () => {
    lab.knobs.set({ axl503Count: 1 });
    expect((await axl.call("getCCMVersion", "")).status).toBe(503);
    expect((await axl.call("getCCMVersion", "")).status).toBe(200);
    lab.knobs.set({ axlWriteQueueDepth: 2000 });
    expect(
      (await axl.call("executeSQLUpdate", "<sql>update device set description = 'x' where 1 = 0</sql>")).status,
    ).toBe(503);
    expect((await axl.call("getCCMVersion", "")).status).toBe(200);
    lab.knobs.set({ axlWriteQueueDepth: 0, axlMemoryFaultCount: 1 });
    const mem = await axl.call("executeSQLQuery", "<sql>select name from device</sql>");
    expect(mem.status).toBe(500);
    expect(mem.text).toContain("Maximum AXL Memory Allocation Consumed");
  });

  test("an answer above the cap is the -1 'Query request too large' fault with a row suggestion", async () => {
    const r = await axl.call(
      "executeSQLQuery",
      "<sql>select a.name, b.name as other, c.name as third from device a, device b, device c</sql>",
    );
    expect(r.status).toBe(500);
    expect(r.text).toMatch(
      /Query request too large\. Total rows matched: 1331 rows\. Suggestive Row Fetch: less than \d+ rows/,
    );
    const suggested = Number(/less than (\d+) rows/.exec(r.text)?.[1]);
    const ok = await axl.call(
      "executeSQLQuery",
      `<sql>select first ${suggested - 1} a.name, b.name as other, c.name as third from device a, device b, device c</sql>`,
    );
    expect(ok.status).toBe(200);
  });

  test("malformed and huge knobs alter the next answer only; reset drops the connection", async () => {
    lab.knobs.set({ malformedCount: 1 });
    const bad = await axl.call("getCCMVersion", "");
    expect(bad.text).not.toContain("</soapenv:Envelope>");
    lab.knobs.set({ hugeResponseCount: 1, hugeResponseBytes: 200_000 });
    const huge = await axl.call("getCCMVersion", "");
    expect(huge.text.length).toBeGreaterThanOrEqual(199_000);
    lab.knobs.set({ resetCount: 1 });
    let failed = false;
    try {
      await axl.call("getCCMVersion", "");
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
    expect((await axl.call("getCCMVersion", "")).status).toBe(200);
    axl.exchanges.splice(
      0,
      axl.exchanges.length,
      ...axl.exchanges.filter((e) => e.response.endsWith("</soapenv:Envelope>")),
    );
  });
});

describe("lab AXL: coverage of the operations profiles and prompts use", () => {
  test("a real AXL operation the lab does not serve gets a plain lab fault, not the EPR fault", async () => {
    const r = await axl.call(
      "listHuntList",
      "<searchCriteria><name>%</name></searchCriteria><returnedTags><name/></returnedTags>",
    );
    expect(r.status).toBe(500);
    expect(r.text).toContain("The lab does not simulate the AXL operation listHuntList; a real CUCM has it.");
    expect(r.text).not.toContain("EPR");
  });

  test("phone actions, SIP trunks, translation patterns, route lists, nodes, groups, locations, LDAP", async () => {
    for (const op of ["resetPhone", "restartPhone", "applyPhone"]) {
      const r = await axl.call(op, "<name>SEP00A1B2C30001</name>");
      expect(r.status).toBe(200);
      expect(between(r.text, "return")[0]).toMatch(/^\{[0-9A-F-]{36}\}$/);
    }
    expect(await sql("select action from lab_devicereset order by action")).toContain("<action>apply</action>");
    const missing = await axl.call("resetPhone", "<name>SEP000000000000</name>");
    expect(missing.text).toContain("<axlcode>5007</axlcode>");
    const lists: Array<[string, string, string]> = [
      ["listSipTrunk", "<name>%</name>", "<name/><devicePoolName/><sipProfileName/>"],
      ["listTransPattern", "<pattern>%</pattern>", "<pattern/><routePartitionName/><calledPartyTransformationMask/>"],
      ["listRouteList", "<name>%</name>", "<name/><callManagerGroupName/>"],
      ["listAppUser", "<userid>%</userid>", "<userid/><isStandard>t</isStandard>"],
      ["listProcessNode", "<name>%</name>", "<name/><nodeUsage/><processNodeRole/>"],
      ["listCallManagerGroup", "<name>%</name>", "<name/><tftpDefault>t</tftpDefault>"],
      ["listLocation", "<name>%</name>", "<name/><withinAudioBandwidth/>"],
    ];
    for (const [op, criteria, tags] of lists) {
      const r = await axl.call(op, `<searchCriteria>${criteria}</searchCriteria><returnedTags>${tags}</returnedTags>`);
      expect(r.status).toBe(200);
    }
    const nodes = await axl.call(
      "listProcessNode",
      "<searchCriteria><name>%</name></searchCriteria><returnedTags><name/><processNodeRole/></returnedTags>",
    );
    expect(between(nodes.text, "processNodeRole")).toEqual([
      "CUCM Voice/Video",
      "CUCM Voice/Video",
      "CUCM Voice/Video",
      "CUCM IM and Presence",
    ]);
    for (const [op, key] of [
      ["getSipTrunk", "<name>SIP-Trunk-PSTN</name>"],
      ["getRouteList", "<name>RL-PSTN</name>"],
      ["getTransPattern", "<pattern>8XXX</pattern><routePartitionName>PT-Internal</routePartitionName>"],
      ["getAppUser", "<userid>CCMSysUser</userid>"],
      ["getProcessNode", "<name>cucm-sub</name>"],
      ["getCallManagerGroup", "<name>Default</name>"],
      ["getLocation", "<name>Hub_None</name>"],
    ]) {
      const r = await axl.call(op ?? "", key ?? "");
      expect(r.status).toBe(200);
    }
    const ldap = await axl.call("getLdapSyncStatus", "<name>LDAP-Corp</name>");
    expect(between(ldap.text, "return")).toEqual(["false"]);
    const inactive = await axl.call("executeSQLQueryInactive", "<sql>select first 1 name from device</sql>");
    expect(between(inactive.text, "row")).toHaveLength(1);
  });

  test("a change the lab cannot make is refused, never answered with success", async () => {
    const before = await sql("select count(*) from devicenumplanmap");
    const r = await axl.call(
      "updatePhone",
      "<name>SEP00A1B2C30001</name><addLines><line><index>3</index><dirn><pattern>1009</pattern><routePartitionName>PT-Internal</routePartitionName></dirn></line></addLines>",
    );
    expect(r.status).toBe(500);
    expect(r.text).toContain("The lab does not simulate addLines of Phone");
    expect(await sql("select count(*) from devicenumplanmap")).toBe(before);
    const side = await axl.call(
      "updatePhone",
      "<name>SEP00A1B2C30001</name><useTrustedRelayPoint>On</useTrustedRelayPoint>",
    );
    expect(side.text).toContain("it is always Default here");
  });
});

describe("lab AXL: answers carry the fields a real node returns", () => {
  const children = (xml: string, tag: string): string[] => {
    const inner = new RegExp(`<${tag}(?: [^>]*)?>(.*?)</${tag}>`).exec(xml)?.[1] ?? "";
    const names: string[] = [];
    let depth = 0;
    for (const m of inner.matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
      if (m[1]) depth--;
      else {
        if (depth === 0) names.push(m[2] ?? "");
        if (!m[3]) depth++;
      }
    }
    return names;
  };

  test("getPhone, getLine and getUser answer the schema's elements with defaults, in order", async () => {
    const phone = await axl.call("getPhone", "<name>SEP00A1B2C30001</name>");
    const tags = children(phone.text, "phone");
    expect(tags.length).toBeGreaterThanOrEqual(60);
    expect(tags.slice(0, 6)).toEqual(["name", "description", "product", "model", "class", "protocol"]);
    expect(phone.text).toContain("<networkLocation>Use System Default</networkLocation>");
    expect(phone.text).toContain("<retryVideoCallAsAudio>true</retryVideoCallAsAudio>");
    expect(phone.text).toContain("<model>Cisco 7841</model>");
    expect(
      children(
        (await axl.call("getLine", "<pattern>1000</pattern><routePartitionName>PT-Internal</routePartitionName>")).text,
        "line",
      ).length,
    ).toBeGreaterThanOrEqual(20);
    expect(children((await axl.call("getUser", "<userid>alice</userid>")).text, "user").length).toBeGreaterThanOrEqual(
      20,
    );
  });

  test("returnedTags are honoured at every depth", async () => {
    const r = await axl.call(
      "getPhone",
      "<name>SEP00A1B2C30001</name><returnedTags><name/><lines><line><index/><dirn><pattern/></dirn></line></lines></returnedTags>",
    );
    expect(children(r.text, "phone")).toEqual(["name", "lines"]);
    expect(children(r.text, "line")).toEqual(["index", "dirn"]);
    expect(children(r.text, "dirn")).toEqual(["pattern"]);
    const list = await axl.call(
      "listPhone",
      "<searchCriteria><name>SEP00A1B2C3000%</name></searchCriteria><returnedTags><name/><model/><networkLocation/></returnedTags>",
    );
    expect(between(list.text, "networkLocation")[0]).toBe("Use System Default");
    expect(children(list.text, "phone")).toEqual(["name", "model", "networkLocation"]);
  });
});

describe("lab AXL: requests are checked against AXLSoap.xsd as CUCM does", () => {
  const phone = (skip: string) =>
    [
      "<name>SEP0000CAFE0F0F</name>",
      "<product>Cisco 8845</product>",
      "<class>Phone</class>",
      "<protocol>SIP</protocol>",
      "<protocolSide>User</protocolSide>",
      "<devicePoolName>Default</devicePoolName>",
      "<commonPhoneConfigName>Standard Common Phone Profile</commonPhoneConfigName>",
      "<locationName>Hub_None</locationName>",
      "<useTrustedRelayPoint>Default</useTrustedRelayPoint>",
      "<phoneTemplateName>Standard 8845 SIP</phoneTemplateName>",
      "<primaryPhoneName/>",
      "<builtInBridgeStatus>Default</builtInBridgeStatus>",
      "<packetCaptureMode>None</packetCaptureMode>",
      "<certificateOperation>No Pending Operation</certificateOperation>",
      "<deviceMobilityMode>Default</deviceMobilityMode>",
    ]
      .filter((e) => !e.startsWith(`<${skip}>`))
      .join("");

  test("an addPhone lacking a required field is refused and nothing is added", async () => {
    const r = await axl.call("addPhone", `<phone>${phone("product")}</phone>`);
    expect(r.status).toBe(500);
    expect(r.text).toContain("<faultcode>soapenv:Client</faultcode>");
    expect(r.text).toContain("cvc-complex-type.2.4.a: Invalid content was found starting with element 'class'.");
    expect(r.text).toContain("product");
    expect(await sql("select count(*) from device where name = 'SEP0000CAFE0F0F'")).toContain("<count>0</count>");
    const ok = await axl.call("addPhone", `<phone>${phone("none")}</phone>`);
    expect(ok.status).toBe(200);
    expect((await axl.call("removePhone", "<name>SEP0000CAFE0F0F</name>")).status).toBe(200);
  });

  test("unknown elements, bad UUIDs, wrong order and values outside an enumeration are refused", async () => {
    const unknown = await axl.call("getPhone", "<name>SEP00A1B2C30001</name><colour>red</colour>");
    expect(unknown.text).toContain("Invalid content was found starting with element 'colour'");
    const bare = await axl.call("getPhone", "<uuid>00000000-1111-2222-3333-444444444444</uuid>");
    expect(bare.text).toContain(
      "cvc-type.3.1.3: The value '00000000-1111-2222-3333-444444444444' of element 'uuid' is not valid.",
    );
    const order = await axl.call(
      "listPhone",
      "<returnedTags><name/></returnedTags><searchCriteria><name>SEP%</name></searchCriteria>",
    );
    expect(order.text).toContain("Invalid content was found starting with element 'returnedTags'");
    const flag = await axl.call(
      "addRoutePartition",
      "<routePartition><name>PT-Flag</name><useOriginatingDeviceTimeZone>maybe</useOriginatingDeviceTimeZone></routePartition>",
    );
    expect(flag.text).toContain("The value 'maybe' of element 'useOriginatingDeviceTimeZone' is not valid.");
    // AXLSoap.xsd makes product names an open union, so an unknown product passes the schema and
    // is refused by the database lookup instead.
    const model = await axl.call("addPhone", `<phone>${phone("none").replace("Cisco 8845", "Cisco 9999")}</phone>`);
    expect(model.text).toContain("<axlcode>5003</axlcode>");
    const empty = await axl.call(
      "addRoutePartition",
      "<routePartition><description>no name</description></routePartition>",
    );
    expect(empty.text).toContain(
      "cvc-complex-type.2.4.a: Invalid content was found starting with element 'description'. One of '{name}' is expected.",
    );
    const braced = await axl.call("getPhone", "<uuid>{00000000-1111-2222-3333-444444444444}</uuid>");
    expect(braced.text).toContain("<axlcode>5007</axlcode>");
  });
});

describe("lab: IM&P AXL, toolkit, knobs admin, lab.json", () => {
  test("IM&P answers its version and SQL on its own tables", async () => {
    const v = await imp.call("getCCMVersion", "");
    expect(v.text).toContain("<version>15.0.1.12900(22)</version>");
    const q = await imp.call("executeSQLQuery", "<sql>select userid, mailid from enduser order by userid</sql>");
    expect(between(q.text, "row").length).toBe(6);
    const phone = await imp.call("getPhone", "<name>x</name>");
    expect(phone.text).toContain("The endpoint reference (EPR) for the Operation not found");
  });

  test("/plugins/axlsqltoolkit.zip holds the schema per version and current", async () => {
    const pub = lab.nodes[0];
    const r = await fetch(`https://${pub?.ip}:${pub?.httpsPort}/plugins/axlsqltoolkit.zip`, {
      headers: { authorization: axl.auth },
      tls: { ca: lab.caCertPem },
    } as RequestInit);
    expect(r.status).toBe(200);
    const files = Object.keys(unzipSync(new Uint8Array(await r.arrayBuffer())));
    expect(files).toContain("schema/15.0/AXLSoap.xsd");
    expect(files).toContain("schema/12.5/AXLAPI.wsdl");
    expect(files).toContain("schema/current/AXLEnums.xsd");
  }, 30_000);

  test("knobs admin endpoint patches knobs and rejects unknown ones", async () => {
    const url = lab.summary.knobs.url;
    const ok = await fetch(url, {
      method: "POST",
      headers: { authorization: axl.auth },
      body: JSON.stringify({ latencyMs: 1 }),
      tls: { ca: lab.caCertPem },
    } as RequestInit);
    expect(ok.status).toBe(200);
    expect(lab.knobs.get().latencyMs).toBe(1);
    const bad = await fetch(url, {
      method: "POST",
      headers: { authorization: axl.auth },
      body: JSON.stringify({ nope: 1 }),
      tls: { ca: lab.caCertPem },
    } as RequestInit);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe("LAB_KNOB_INVALID");
    lab.knobs.set({ latencyMs: 0 });
    const hk = await fetch(lab.summary.knobs.hostKeyUrl, {
      method: "POST",
      headers: { authorization: axl.auth },
      body: JSON.stringify({ node: "imp-pub" }),
      tls: { ca: lab.caCertPem },
    } as RequestInit);
    const changed = (await hk.json()) as { fingerprint: string };
    expect(changed.fingerprint).toMatch(/^SHA256:/);
    expect(changed.fingerprint).not.toBe(lab.summary.nodes.find((n) => n.name === "imp-pub")?.ssh.fingerprint);
  });

  test("lab.json names every node, URL, credential and the CA file", () => {
    const json = JSON.parse(readFileSync(lab.summaryPath, "utf8")) as typeof lab.summary;
    expect(json.nodes.map((n) => `${n.name}:${n.product}:${n.role}`)).toEqual([
      "cucm-pub:cucm:publisher",
      "cucm-sub:cucm:subscriber",
      "imp-pub:imp:publisher",
      "cuc-pub:cuc:publisher",
    ]);
    const pub = json.nodes[0];
    expect(pub?.urls["axl"]).toBe(`https://${pub?.ip}:${pub?.httpsPort}/axl/`);
    expect(pub?.urls["ris"]).toBe(`https://${pub?.ip}:${pub?.httpsPort}/realtimeservice2/services/RISService70`);
    expect(pub?.ssh.port).toBeGreaterThan(0);
    expect(json.caFile).toBe(lab.caCertPath);
    expect(json.credentials.axl.username).toBe("axladmin");
    expect(json.counts).toEqual({ phones: 8, lines: 10, users: 6 });
    for (const node of json.nodes) expect(node.ip.startsWith(`${json.subnet}.`)).toBe(true);
  });

  test("RIS device source: deterministic, some UnRegistered, failover duplicates", () => {
    const devices = lab.devices.risDevices();
    expect(devices.length).toBe(10);
    expect(devices.filter((d) => d.status === "UnRegistered").length).toBeGreaterThan(0);
    const dup = devices.filter((d) => d.name === devices[0]?.name);
    expect(new Set(dup.map((d) => d.node)).size).toBe(2);
    expect(JSON.stringify(lab.devices.risDevices())).toBe(JSON.stringify(devices));
    const cti = lab.devices.ctiItems?.() ?? [];
    expect(cti.length).toBe(6);
    expect(new Set(cti.map((c) => c.name)).size).toBe(6);
  });
});

describe("lab AXL: typed list answers obey the size cap too", () => {
  test("a listPhone above the cap is the -1 fault; a smaller page passes", async () => {
    const big = Array.from(
      { length: 60 },
      (_, i) =>
        `<sql>insert into routepartition (pkid, name, description) values ('00000000-0000-4000-8000-${String(i).padStart(12, "0")}', 'PT-Bulk-${i}', '${"x".repeat(1000)}')</sql>`,
    );
    for (const sql of big) expect((await axl.call("executeSQLUpdate", sql)).status).toBe(200);
    const r = await axl.call(
      "listRoutePartition",
      "<searchCriteria><name>PT-Bulk%</name></searchCriteria><returnedTags><name/><description/></returnedTags>",
    );
    expect(r.status).toBe(500);
    expect(r.text).toContain("Query request too large. Total rows matched: 60 rows");
    const page = await axl.call(
      "listRoutePartition",
      "<searchCriteria><name>PT-Bulk%</name></searchCriteria><returnedTags><name/><description/></returnedTags><first>20</first>",
    );
    expect(page.status).toBe(200);
    expect(
      (await axl.call("executeSQLUpdate", "<sql>delete from routepartition where name like 'PT-Bulk-%'</sql>")).text,
    ).toContain("<rowsUpdated>60</rowsUpdated>");
  });
});

describe("lab AXL: schema validation of everything exchanged", () => {
  test.skipIf(!haveXmllint && !mustRun)(
    "the lab refuses exactly the requests xmllint finds invalid; every answer validates",
    () => {
      expect(haveXmllint).toBe(true);
      const docs: Array<{ doc: string; refused: boolean; kind: "request" | "response" }> = [];
      for (const e of [
        ...axl.exchanges,
        ...imp.exchanges.filter((x) => x.request.includes("executeSQLQuery") || x.request.includes("getCCMVersion")),
      ]) {
        if (e.response.includes("The endpoint reference (EPR)")) continue;
        const req = operationDocument(e.request);
        if (req) docs.push({ doc: req, refused: e.response.includes("<faultstring>cvc-"), kind: "request" });
        if (e.status === 200 || e.status === 500) {
          const res = operationDocument(e.response);
          if (res) docs.push({ doc: res, refused: false, kind: "response" });
        }
      }
      expect(docs.length).toBeGreaterThan(80);
      expect(docs.filter((d) => d.refused).length).toBeGreaterThanOrEqual(5);
      const { invalid, output } = xmllintInvalid(docs.map((d) => d.doc));
      const disagreements = docs
        .map((d, i) => ({ ...d, i, xmllintInvalid: invalid.has(i) }))
        .filter((d) => d.refused !== d.xmllintInvalid)
        .map((d) => `${d.kind} ${d.i} lab ${d.refused ? "refused" : "accepted"}: ${d.doc.slice(0, 300)}`);
      expect({ disagreements, output: disagreements.length > 0 ? output : "" }).toEqual({
        disagreements: [],
        output: "",
      });
    },
    60_000,
  );
});
