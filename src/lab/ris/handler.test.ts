import { describe, expect, test } from "bun:test";
import { XMLParser } from "fast-xml-parser";
import { labNodes, makeDevices, testKnobs } from "../../../test/support/lab-fixtures.ts";
import type { LabKnobs, RisDevice } from "../contracts.ts";
import { basicAuthHeader } from "./basic-auth.ts";
import { createRisHandler } from "./handler.ts";

const CREDS = { username: "axladmin", password: "lab-Secret-1" };
const URL_ = "https://127.10.0.11:8443/realtimeservice2/services/RISService70";

interface Criteria {
  max?: number;
  deviceClass?: string;
  model?: number;
  status?: string;
  node?: string;
  selectBy?: string;
  items?: string[];
  protocol?: string;
}

function selectXml(c: Criteria, stateInfo = "", op = "selectCmDevice"): string {
  const items = (c.items ?? []).map((i) => `<soap:item><soap:Item>${i}</soap:Item></soap:item>`).join("");
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap="http://schemas.cisco.com/ast/soap"><soapenv:Header/><soapenv:Body><soap:${op}><soap:StateInfo>${stateInfo.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;")}</soap:StateInfo><soap:CmSelectionCriteria><soap:MaxReturnedDevices>${c.max ?? 1000}</soap:MaxReturnedDevices><soap:DeviceClass>${c.deviceClass ?? "Any"}</soap:DeviceClass><soap:Model>${c.model ?? 255}</soap:Model><soap:Status>${c.status ?? "Any"}</soap:Status><soap:NodeName>${c.node ?? ""}</soap:NodeName><soap:SelectBy>${c.selectBy ?? "Name"}</soap:SelectBy><soap:SelectItems>${items}</soap:SelectItems><soap:Protocol>${c.protocol ?? "Any"}</soap:Protocol><soap:DownloadStatus>Any</soap:DownloadStatus></soap:CmSelectionCriteria></soap:${op}></soapenv:Body></soapenv:Envelope>`;
}

function post(body: string, auth = basicAuthHeader(CREDS)): Request {
  return new Request(URL_, {
    method: "POST",
    headers: { authorization: auth, "content-type": "text/xml", soapaction: '"selectCmDevice"' },
    body,
  });
}

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, isArray: (n) => n === "item" });

interface Reply {
  total: number;
  nodes: Array<{ name: string; code: string; devices: Array<Record<string, unknown>> }>;
  stateInfo: string;
}

function parseReply(xml: string): Reply {
  const doc = parser.parse(xml);
  const ret = doc.Envelope.Body.selectCmDeviceResponse.selectCmDeviceReturn;
  const result = ret.SelectCmDeviceResult;
  return {
    total: Number(result.TotalDevicesFound),
    nodes: (result.CmNodes.item ?? []).map((n: Record<string, unknown>) => ({
      name: n["Name"],
      code: n["ReturnCode"],
      devices: ((n["CmDevices"] as { item?: unknown[] } | undefined)?.item ?? []) as Array<Record<string, unknown>>,
    })),
    stateInfo: typeof ret.StateInfo === "string" ? ret.StateInfo : "",
  };
}

function handler(devices: RisDevice[], knobs: LabKnobs = testKnobs(), now?: () => number) {
  const nodes = labNodes();
  return createRisHandler({
    node: nodes[0]!,
    nodes,
    devices: { risDevices: () => devices, ctiItems: () => [] },
    knobs,
    credentials: CREDS,
    ...(now ? { now } : {}),
  });
}

describe("RisPort70 handler", () => {
  test("pages 2500 devices in 3 replies with no loss and only failover duplicates", async () => {
    const { devices, duplicates } = makeDevices(2500);
    const ris = handler(devices, testKnobs({ risPerMinute: 100, risMaxPerReply: 1000 }));
    const seen: string[] = [];
    let stateInfo = "";
    let pages = 0;
    do {
      const res = await ris(post(selectXml({ max: 5000, items: ["*"] }, stateInfo)));
      expect(res.status).toBe(200);
      const reply = parseReply(await res.text());
      expect(reply.total).toBe(2500 + duplicates);
      expect(reply.nodes.map((n) => n.name)).toEqual(["cucm-pub", "cucm-sub1"]);
      const count = reply.nodes.reduce((n, node) => n + node.devices.length, 0);
      expect(count).toBeLessThanOrEqual(1000);
      for (const node of reply.nodes) for (const d of node.devices) seen.push(`${d["Name"]}@${node.name}`);
      stateInfo = reply.stateInfo;
      pages++;
    } while (stateInfo !== "" && pages < 10);
    expect(pages).toBe(3);
    expect(seen.length).toBe(2500 + duplicates);
    expect(new Set(seen).size).toBe(seen.length);
    const names = seen.map((s) => s.split("@")[0]);
    expect(new Set(names).size).toBe(2500);
  }, 30_000);

  test("filters: class, status, model, protocol, node, SelectBy with wildcards", async () => {
    const { devices } = makeDevices(200);
    const ris = handler(devices, testKnobs({ risPerMinute: 100 }));
    const run = async (c: Criteria) => parseReply(await (await ris(post(selectXml(c)))).text());
    const names = (r: Reply) => r.nodes.flatMap((n) => n.devices.map((d) => String(d["Name"])));
    const byName = await run({ items: ["SEP00112200000*"] });
    expect(new Set(names(byName))).toEqual(
      new Set(devices.filter((d) => d.name.startsWith("SEP00112200000")).map((d) => d.name)),
    );
    const registered = await run({ status: "Registered", items: ["*"] });
    expect(registered.total).toBe(devices.filter((d) => d.status === "Registered").length);
    const model = await run({ model: 36224, items: ["*"] });
    expect(model.nodes.flatMap((n) => n.devices).every((d) => d["Model"] === "36224")).toBe(true);
    expect(model.total).toBe(devices.filter((d) => d.model === 36224).length);
    const sccp = await run({ protocol: "SCCP" });
    expect(sccp.total).toBe(devices.filter((d) => d.protocol === "SCCP").length);
    const sub = await run({ node: "cucm-sub1" });
    expect(sub.nodes.map((n) => n.name)).toEqual(["cucm-sub1"]);
    expect(sub.total).toBe(devices.filter((d) => d.node === "cucm-sub1").length);
    const badNode = await run({ node: "nosuchnode" });
    expect(badNode.nodes[0]?.code).toBe("InvalidNodeName");
    const dn = await run({ selectBy: "DirNumber", items: ["1001*"] });
    expect(new Set(names(dn))).toEqual(
      new Set(devices.filter((d) => d.dirNumbers[0]!.startsWith("1001")).map((d) => d.name)),
    );
    const ip = await run({ selectBy: "IPV4Address", items: ["10.0.0.5"] });
    expect(names(ip)).toEqual(["SEP001122000005"]);
    const desc = await run({ selectBy: "Description", items: ["*lobby"] });
    expect(desc.total).toBe(devices.filter((d) => d.description.endsWith("Lobby")).length);
    const gateways = await run({ deviceClass: "Gateway" });
    expect(gateways.total).toBe(0);
    expect(gateways.nodes.every((n) => n.devices.length === 0)).toBe(true);
  });

  test("selectCmDeviceExt keeps only the latest record of a failed-over device", async () => {
    const { devices } = makeDevices(100);
    const ris = handler(devices);
    const plain = parseReply(await (await ris(post(selectXml({ items: ["SEP001122000000"] })))).text());
    expect(plain.total).toBe(2);
    const ext = parseReply(
      await (await ris(post(selectXml({ items: ["SEP001122000000"] }, "", "selectCmDeviceExt")))).text(),
    );
    expect(ext.total).toBe(1);
    const only = ext.nodes.flatMap((n) => n.devices)[0]!;
    // The failover copy is an hour older; the newest record (on the home node) wins.
    expect(only["Status"]).toBe("UnRegistered");
    expect(only["TimeStamp"]).toBe("1760000000");
  });

  test("CUCM 15 reply shape: ns1 prefixes, SelectCmDeviceResult wrapper, CmDevice fields in schema order", async () => {
    const { devices } = makeDevices(3);
    const xml = await (await handler(devices)(post(selectXml({ items: ["SEP001122000001"] })))).text();
    expect(xml).toContain('<ns1:selectCmDeviceResponse xmlns:ns1="http://schemas.cisco.com/ast/soap">');
    expect(xml).toContain("<ns1:selectCmDeviceReturn><ns1:SelectCmDeviceResult><ns1:TotalDevicesFound>1<");
    const order = ["Name", "DirNumber", "DeviceClass", "Model", "Product", "BoxProduct", "Httpd"]
      .concat(["RegistrationAttempts", "IsCtiControllable", "LoginUserId", "Status", "StatusReason", "PerfMonObject"])
      .concat(["DChannel", "Description", "H323Trunk", "TimeStamp", "Protocol", "NumOfLines", "LinesStatus"])
      .concat([
        "ActiveLoadID",
        "InactiveLoadID",
        "DownloadStatus",
        "DownloadFailureReason",
        "DownloadServer",
        "IPAddress",
      ]);
    const device = xml.slice(xml.indexOf("<ns1:CmDevices><ns1:item>"));
    const positions = order.map((name) => device.indexOf(`<ns1:${name}`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(xml).toContain("<ns1:IP>10.0.0.1</ns1:IP><ns1:IPAddrType>ipv4</ns1:IPAddrType>");
    expect(xml).toContain("<ns1:StateInfo></ns1:StateInfo>");
  });

  test("rate limit: the 16th query in a minute gets Cisco's fault, and the budget recovers", async () => {
    let clock = 1_000_000;
    const knobs = testKnobs();
    const ris = handler(makeDevices(5).devices, knobs, () => clock);
    for (let i = 0; i < 15; i++) {
      expect((await ris(post(selectXml({})))).status).toBe(200);
      clock += 1000;
    }
    const refused = await ris(post(selectXml({})));
    expect(refused.status).toBe(500);
    const fault = await refused.text();
    expect(fault).toContain("<faultcode>soapenv:Server</faultcode>");
    expect(fault).toContain(
      "AxisFault: Exceeded allowed rate for Reatime information. Current allowed rate for realtime information is 15 requests per minute.",
    );
    clock += 45_001; // the first query is now 60 s old
    expect((await ris(post(selectXml({})))).status).toBe(200);
    expect((await ris(post(selectXml({})))).status).toBe(500);
    // A faster lab clock makes the window pass in less wall time.
    knobs.set({ clockSpeed: 60 });
    clock += 1001;
    expect((await ris(post(selectXml({})))).status).toBe(200);
  });

  test("selectCtiItem: status mapping, node and DirNumber filters, line numbers from the device", async () => {
    const { devices } = makeDevices(4);
    const nodes = labNodes();
    const ris = createRisHandler({
      node: nodes[0]!,
      nodes,
      devices: {
        risDevices: () => devices,
        ctiItems: () => [
          { name: "SEP001122000001", node: "cucm-pub", status: "Registered", timestamp: 1 },
          { name: "SEP001122000002", node: "cucm-sub1", status: "UnRegistered", timestamp: 2 },
        ],
      },
      knobs: testKnobs(),
      credentials: CREDS,
    });
    const cti = async (cls: string, extra = "") => {
      const body = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap="http://schemas.cisco.com/ast/soap"><soapenv:Body><soap:selectCtiItem><soap:StateInfo/><soap:CtiSelectionCriteria><soap:MaxReturnedItems>10</soap:MaxReturnedItems><soap:CtiMgrClass>${cls}</soap:CtiMgrClass><soap:Status>Any</soap:Status><soap:NodeName/><soap:SelectAppBy>AppId</soap:SelectAppBy>${extra}</soap:CtiSelectionCriteria></soap:selectCtiItem></soapenv:Body></soapenv:Envelope>`;
      const doc = parser.parse(await (await ris(post(body))).text());
      const result = doc.Envelope.Body.selectCtiItemResponse.selectCtiItemReturn.SelectCtiItemResult;
      const items = result.CtiNodes.item.flatMap((n: { CtiItems: { item?: unknown[] } | "" }) =>
        n.CtiItems ? (n.CtiItems.item ?? []) : [],
      );
      return {
        total: Number(result.TotalItemsFound),
        items: items as Array<Record<string, Record<string, string> | string>>,
      };
    };
    const lines = await cti("Line");
    expect(lines.total).toBe(2);
    expect(lines.items.map((i) => (i["CtiLine"] as Record<string, string>)["DirNumber"])).toEqual(["10001", "10002"]);
    expect(lines.items.map((i) => i["AppStatus"])).toEqual(["Open", "Closed"]);
    const byDn = await cti(
      "Line",
      "<soap:DirNumbers><soap:item><soap:DirNumber>10002</soap:DirNumber></soap:item></soap:DirNumbers>",
    );
    expect(byDn.items.map((i) => i["AppId"])).toEqual(["SEP001122000002"]);
  });

  test("2000 per reply, nil CmNodes on zero results, and the paging and wildcard modes", async () => {
    const { devices, duplicates } = makeDevices(2500);
    const knobs = testKnobs({ risPerMinute: 1000 });
    const ris = handler(devices, knobs);
    const run = async (c: Criteria, stateInfo = "", op = "selectCmDevice") => {
      const res = await ris(post(selectXml(c, stateInfo, op)));
      const text = await res.text();
      return { status: res.status, text, reply: res.status === 200 ? parseReply(text) : undefined };
    };
    const count = (r?: Reply) => (r?.nodes ?? []).reduce((n, node) => n + node.devices.length, 0);
    const first = await run({ max: 5000, items: ["*"] });
    expect(count(first.reply)).toBe(2000);
    expect(first.reply?.total).toBe(2500 + duplicates);
    const none = await run({ items: ["NOSUCH*"] });
    expect(none.reply?.total).toBe(0);
    expect(none.text).toContain('<ns1:CmNodes xsi:nil="1"/>');
    expect(none.text).not.toContain("<ns1:ReturnCode>");

    knobs.set({ risStateInfoPaging: "ignored" });
    const again = await run({ max: 5000, items: ["*"] }, String(first.reply?.stateInfo));
    expect(again.reply?.stateInfo).not.toBe("");
    expect(again.reply?.nodes.flatMap((n) => n.devices.map((d) => d["Name"]))).toEqual(
      first.reply?.nodes.flatMap((n) => n.devices.map((d) => d["Name"])),
    );
    knobs.set({ risStateInfoPaging: "pages", risExtWildcards: "refuse" });
    const refused = await run({ items: ["SEP*"] }, "", "selectCmDeviceExt");
    expect(refused.status).toBe(500);
    expect(refused.text).toContain("does not accept wildcards");
    const names = devices.slice(0, 3).map((d) => d.name);
    const byName = await run({ items: names }, "", "selectCmDeviceExt");
    expect(new Set(byName.reply?.nodes.flatMap((n) => n.devices.map((d) => d["Name"])))).toEqual(new Set(names));
  }, 30_000);

  test("?wsdl is served from the schema directory with this node's address, or a clear 404", async () => {
    const nodes = labNodes();
    const node = { ...nodes[0]!, httpsPort: 8443 };
    const base = { node, nodes, devices: { risDevices: () => [] }, knobs: testKnobs(), credentials: CREDS };
    const schemaDir = new URL("../../../../shared/cisco-schema", import.meta.url).pathname;
    const get = new Request(`${URL_}?wsdl`, { headers: { authorization: basicAuthHeader(CREDS) } });
    const served = await createRisHandler({ ...base, schemaDir })(get.clone());
    expect(served.status).toBe(200);
    const text = await served.text();
    expect(text).toContain('targetNamespace="http://schemas.cisco.com/ast/soap"');
    expect(text).toContain('location="https://127.10.0.11:8443/realtimeservice2/services/RISService70"');
    const missing = await createRisHandler(base)(get.clone());
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("schema directory");
  });

  test("auth, bad requests and knobs", async () => {
    const knobs = testKnobs({ malformedCount: 1, hugeResponseCount: 1, hugeResponseBytes: 200_000, resetCount: 1 });
    const ris = handler(makeDevices(3).devices, knobs);
    const denied = await ris(post(selectXml({}), basicAuthHeader({ username: "axladmin", password: "wrong" })));
    expect(denied.status).toBe(401);
    expect(denied.headers.get("www-authenticate")).toContain("Basic");
    const reset = await ris(post(selectXml({})));
    await expect(reset.text()).rejects.toThrow();
    const malformed = await (await ris(post(selectXml({})))).text();
    expect(() => new XMLParser().parse(malformed, true)).toThrow();
    const huge = await (await ris(post(selectXml({})))).text();
    expect(Buffer.byteLength(huge)).toBe(200_000);
    expect(parseReply(huge).total).toBe(4); // 3 phones + the failover copy of the first
    const unknown = await ris(post(selectXml({}).replaceAll("selectCmDevice", "selectNothing")));
    expect(unknown.status).toBe(500);
    expect(await unknown.text()).toContain("No such operation: selectNothing");
    const broken = await ris(post("<soapenv:Envelope"));
    expect(await broken.text()).toContain("<faultcode>soapenv:Client</faultcode>");
  });
});
