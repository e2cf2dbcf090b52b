import { describe, expect, test } from "bun:test";
import { fakeUpstream, soapEnvelope } from "../../../test/support/fake-upstream.ts";
import { createRisClient, type RisProgress, type RisTarget } from "./client.ts";
import { createRisBudget } from "./rate-budget.ts";
import { downloadRisWsdl } from "./wsdl-download.ts";

const target: RisTarget = {
  host: "cucm-sub1",
  port: 8443,
  username: "ris",
  password: "pw-ris-1",
  timeoutMs: 5000,
  tls: { rejectUnauthorized: false },
};
const esc = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

interface Dev {
  name: string;
  node: string;
  status: string;
  ts: number;
  cls?: string;
}
function device(d: Dev): string {
  return `<ns1:item><ns1:Name>${d.name}</ns1:Name><ns1:DirNumber>1000-Registered</ns1:DirNumber><ns1:DeviceClass>${d.cls ?? "Phone"}</ns1:DeviceClass><ns1:Model>36670</ns1:Model><ns1:Product>36670</ns1:Product><ns1:Status>${d.status}</ns1:Status><ns1:StatusReason>0</ns1:StatusReason><ns1:Description>Desk &amp; lobby</ns1:Description><ns1:TimeStamp>${d.ts}</ns1:TimeStamp><ns1:Protocol>SIP</ns1:Protocol><ns1:NumOfLines>1</ns1:NumOfLines><ns1:LinesStatus><ns1:item><ns1:DirectoryNumber>1000</ns1:DirectoryNumber><ns1:Status>Registered</ns1:Status></ns1:item></ns1:LinesStatus><ns1:IPAddress><ns1:item><ns1:IP>10.1.${d.ts % 250}.${d.name.length}</ns1:IP><ns1:IPAddrType>ipv4</ns1:IPAddrType><ns1:Attribute>AdministrativeAndSignaling</ns1:Attribute></ns1:item></ns1:IPAddress></ns1:item>`;
}
/** A CUCM 15 style answer: SelectCmDeviceResult wrapper, StateInfo inside the return. */
function modernPage(devs: Dev[], total: number, stateInfo: string): Response {
  const nodes = ["cucm-pub", "cucm-sub1"].map(
    (n) =>
      `<ns1:item><ns1:ReturnCode>Ok</ns1:ReturnCode><ns1:Name>${n}</ns1:Name><ns1:NoChange>false</ns1:NoChange><ns1:CmDevices>${devs
        .filter((d) => d.node === n)
        .map(device)
        .join("")}</ns1:CmDevices></ns1:item>`,
  );
  return new Response(
    soapEnvelope(
      `<ns1:selectCmDeviceResponse xmlns:ns1="http://schemas.cisco.com/ast/soap"><ns1:selectCmDeviceReturn><ns1:SelectCmDeviceResult><ns1:TotalDevicesFound>${total}</ns1:TotalDevicesFound><ns1:CmNodes>${nodes.join("")}</ns1:CmNodes></ns1:SelectCmDeviceResult><ns1:StateInfo>${esc(stateInfo)}</ns1:StateInfo></ns1:selectCmDeviceReturn></ns1:selectCmDeviceResponse>`,
    ),
  );
}

function clockAndSleep() {
  let now = 1_000_000;
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    now += ms;
  };
  return { now: () => now, sleep, waits };
}

describe("RisPort70 client", () => {
  test("pages with StateInfo past 1000, merges duplicates by latest TimeStamp, respects the budget", async () => {
    const all: Dev[] = Array.from({ length: 2500 }, (_, i) => ({
      name: `SEP${String(i).padStart(12, "0")}`,
      node: i % 2 ? "cucm-pub" : "cucm-sub1",
      status: "Registered",
      ts: 1000 + i,
    }));
    // Five devices also appear (older, unregistered) on the other node after a failover.
    for (let i = 0; i < 5; i++)
      all.push({
        ...all[i]!,
        node: all[i]!.node === "cucm-pub" ? "cucm-sub1" : "cucm-pub",
        status: "UnRegistered",
        ts: 10,
      });
    const up = fakeUpstream((req) => {
      const m = /StateInfo>([^<]*)</.exec(req.body);
      const offset = m?.[1] ? Number(/Cursor=&quot;(\d+)/.exec(m[1])?.[1] ?? 0) : 0;
      const page = all.slice(offset, offset + 1000);
      const next = offset + 1000 < all.length ? `<StateInfo Cursor="${offset + 1000}"/>` : "";
      return modernPage(page, all.length, next);
    });
    const clock = clockAndSleep();
    const budget = createRisBudget({ perMinute: 2, now: clock.now, sleep: clock.sleep });
    const client = createRisClient({ fetch: up.fetch, budget });
    const progress: RisProgress[] = [];
    const res = await client.selectCmDevice(target, { deviceClass: "Phone" }, { onProgress: (p) => progress.push(p) });
    expect(res.requests).toBe(3);
    expect(res.devices).toHaveLength(2500);
    const first = res.devices.find((d) => d.name === "SEP000000000000");
    expect(first).toMatchObject({
      status: "Registered",
      timestamp: 1000,
      node: "cucm-sub1",
      description: "Desk & lobby",
      model: 36670,
    });
    expect(first?.ipv4).toBe("10.1.0.15");
    expect(first?.lines).toEqual([{ directoryNumber: "1000", status: "Registered" }]);
    expect(up.requests[0]?.body).toContain("<soap:StateInfo/>");
    expect(up.requests[1]?.body).toContain(
      "<soap:StateInfo>&lt;StateInfo Cursor=&quot;1000&quot;/&gt;</soap:StateInfo>",
    );
    expect(up.requests[0]?.headers["soapaction"]).toBe("selectCmDevice");
    expect(up.requests[0]?.body).toContain(
      "<soap:MaxReturnedDevices>1000</soap:MaxReturnedDevices><soap:DeviceClass>Phone</soap:DeviceClass><soap:Model>255</soap:Model><soap:Status>Any</soap:Status>",
    );
    expect(clock.waits).toHaveLength(1);
    expect(progress.filter((p) => p.kind === "waiting")).toEqual([
      { kind: "waiting", waitMs: clock.waits[0]!, reason: "budget" },
    ]);
  });

  test("parses the older shape (no SelectCmDeviceResult wrapper, flat IpAddress) and filters by status", async () => {
    const old = soapEnvelope(
      `<ns1:selectCmDeviceResponse xmlns:ns1="http://schemas.cisco.com/ast/soap"><ns1:selectCmDeviceReturn><ns1:TotalDevicesFound>2</ns1:TotalDevicesFound><ns1:CmNodes><ns1:item><ns1:ReturnCode>Ok</ns1:ReturnCode><ns1:Name>cm1</ns1:Name><ns1:CmDevices><ns1:item><ns1:Name>SEPA</ns1:Name><ns1:IpAddress>10.0.0.5</ns1:IpAddress><ns1:Status>Registered</ns1:Status><ns1:DeviceClass>Phone</ns1:DeviceClass><ns1:TimeStamp>5</ns1:TimeStamp></ns1:item><ns1:item><ns1:Name>SEPB</ns1:Name><ns1:Status>UnRegistered</ns1:Status><ns1:DeviceClass>Phone</ns1:DeviceClass><ns1:TimeStamp>6</ns1:TimeStamp></ns1:item></ns1:CmDevices></ns1:item><ns1:item><ns1:ReturnCode>NodeNotResponding</ns1:ReturnCode><ns1:Name>cm2</ns1:Name><ns1:CmDevices xsi:nil="1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></ns1:item></ns1:CmNodes><ns1:StateInfo></ns1:StateInfo></ns1:selectCmDeviceReturn></ns1:selectCmDeviceResponse>`,
    );
    const up = fakeUpstream(() => new Response(old));
    const clock = clockAndSleep();
    const client = createRisClient({ fetch: up.fetch, budget: createRisBudget({ perMinute: 15, ...clock }) });
    const res = await client.selectCmDevice(target, { status: "Registered" });
    expect(res.devices.map((d) => [d.name, d.ipv4])).toEqual([["SEPA", "10.0.0.5"]]);
    expect(res.nodeErrors).toEqual([{ node: "cm2", returnCode: "NodeNotResponding" }]);
  });

  test("a rate fault waits for the window and retries; explicit items are chunked", async () => {
    const fault = soapEnvelope(
      "<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>AxisFault: Exceeded allowed rate for Reatime information. Current allowed rate for realtime information is 15 requests per minute.</faultstring></soapenv:Fault>",
    );
    const up = fakeUpstream(
      () => new Response(fault, { status: 500 }),
      () => modernPage([{ name: "SEP1", node: "cucm-pub", status: "Registered", ts: 1 }], 1, ""),
    );
    const clock = clockAndSleep();
    const client = createRisClient({ fetch: up.fetch, budget: createRisBudget({ perMinute: 15, ...clock }) });
    const progress: RisProgress[] = [];
    const res = await client.selectCmDevice(
      target,
      { items: ["SEP1", "SEP2", "SEP3"] },
      { pageSize: 2, onProgress: (p) => progress.push(p) },
    );
    expect(up.requests).toHaveLength(3);
    expect(clock.waits[0]).toBeGreaterThanOrEqual(60_000);
    expect(up.requests[1]?.body).toContain(
      "<soap:item><soap:Item>SEP1</soap:Item></soap:item><soap:item><soap:Item>SEP2</soap:Item></soap:item>",
    );
    expect(up.requests[2]?.body).toContain("<soap:Item>SEP3</soap:Item>");
    expect(res.devices).toHaveLength(1);

    const always = fakeUpstream(() => new Response(fault, { status: 500 }));
    const c2 = createRisClient({
      fetch: always.fetch,
      budget: createRisBudget({ perMinute: 15, ...clockAndSleep() }),
      rateFaultRetries: 1,
    });
    await expect(c2.selectCmDevice(target, {})).rejects.toMatchObject({ code: "UPSTREAM_THROTTLED" });
  });
});

describe("RIS WSDL download", () => {
  test("stores the WSDL, refuses anything else", async () => {
    const wsdl = `<?xml version="1.0"?><definitions xmlns="http://schemas.xmlsoap.org/wsdl/" targetNamespace="http://schemas.cisco.com/ast/soap"><portType name="RisPortType"/></definitions>`;
    const written: Array<[string, number]> = [];
    const deps = (r: () => Response) => ({
      fetch: fakeUpstream(r).fetch,
      writeFile: (p: string, d: Uint8Array) => void written.push([p, d.byteLength]),
    });
    const d = { ...target, schemasDir: "/schemas/ris" };
    const res = await downloadRisWsdl(
      deps(() => new Response(wsdl)),
      d,
    );
    expect(res.path).toBe("/schemas/ris/RISService70.wsdl");
    expect(written).toEqual([["/schemas/ris/RISService70.wsdl", wsdl.length]]);
    await expect(
      downloadRisWsdl(
        deps(() => new Response("<html>login</html>")),
        d,
      ),
    ).rejects.toMatchObject({ code: "UPSTREAM_PROTOCOL" });
    await expect(
      downloadRisWsdl(
        deps(() => new Response(`<!DOCTYPE x>${wsdl}`)),
        d,
      ),
    ).rejects.toMatchObject({ code: "XML_REFUSED" });
    expect(written).toHaveLength(1);
  });
});
