/**
 * The lab publisher's CDR repository and CDRonDemand get_file_list on their own (no bridge): files per
 * node and minute, CSV that our parser reads, causes 16 and 17, and the window faults.
 */
import { describe, expect, test } from "bun:test";
import type { LabNode, RisDevice } from "../../src/lab/contracts.ts";
import { createCdrOnDemandHandler } from "../../src/lab/logs/cdr-on-demand.ts";
import { createCdrRepository } from "../../src/lab/logs/cdr-repository.ts";
import { parseCdrCsv } from "../../src/protocols/logs/cdr-csv.ts";

const node = (name: string, ip: string, role: LabNode["role"]): LabNode => ({
  name,
  ip,
  role,
  product: "cucm",
  httpsPort: 0,
  sshPort: 0,
});
const NODES = [node("cucm-pub", "127.9.0.11", "publisher"), node("cucm-sub1", "127.9.0.12", "subscriber")];
const phone = (name: string, ip: string, dn: string, on: string) =>
  ({ name, ip, dirNumbers: [`${dn}-Registered`], node: on, protocol: "SIP", status: "Registered" }) as RisDevice;
const DEVICES = {
  risDevices: () => [
    phone("SEP000000000001", "127.9.1.1", "1001", "cucm-pub"),
    phone("SEP000000000002", "127.9.1.2", "1002", "cucm-pub"),
    phone("SEP000000000003", "127.9.1.3", "2001", "cucm-sub1"),
    phone("SEP000000000004", "127.9.1.4", "2002", "cucm-sub1"),
  ],
};
const EPOCH = Date.UTC(2024, 11, 1, 0, 0);
const NOW = EPOCH + 3_600_000 + 30_000;
const repo = createCdrRepository(NODES, DEVICES, EPOCH, () => NOW);
const CREDS = { username: "axl", password: "pw" };
const auth = `Basic ${Buffer.from("axl:pw").toString("base64")}`;

describe("the lab's CDR repository", () => {
  test("one cdr (and cmr when a call was answered) per node and minute with ended calls, under processed/<day>", () => {
    const files = repo.list(EPOCH, EPOCH + 3_600_000);
    // A call every two minutes per node: 30 minutes of the hour have files, for two nodes.
    expect(files.filter((f) => f.name.startsWith("cdr_StandAloneCluster_01_"))).toHaveLength(30);
    expect(files.filter((f) => f.name.startsWith("cdr_StandAloneCluster_02_"))).toHaveLength(30);
    expect(files.some((f) => f.name.startsWith("cmr_"))).toBe(true);
    for (const f of files) {
      expect(f.name).toMatch(/^c[dm]r_StandAloneCluster_0[12]_20241201\d{4}_\d+$/);
      expect(f.path).toBe(`/var/log/active/cm/cdr_repository/processed/20241201/${f.name}`);
    }
    // The minute still running has no file yet.
    expect(repo.list(NOW - 30_000, NOW)).toEqual([]);
  });

  test("the files parse as Cisco CDRs: answered calls end with 16, busy ones with destination cause 17", () => {
    const cdrs = repo
      .list(EPOCH, EPOCH + 3_600_000)
      .filter((f) => f.name.startsWith("cdr_"))
      .flatMap((f) => parseCdrCsv(Buffer.from(repo.read(f.path) ?? new Uint8Array()).toString("utf8")).records);
    expect(cdrs.length).toBe(60);
    const busy = cdrs.filter((r) => r["destCause_value"] === 17);
    expect(busy.length).toBe(14);
    for (const r of busy) expect([r["duration"], r["dateTimeConnect"], r["origCause_value"]]).toEqual([0, 0, 0]);
    const answered = cdrs.filter((r) => r["origCause_value"] === 16);
    expect(answered.length).toBe(46);
    for (const r of answered) expect(Number(r["duration"])).toBeGreaterThan(15);
    expect(cdrs[0]).toMatchObject({ cdrRecordType: 1, callingPartyNumber: "1001", finalCalledPartyNumber: "1002" });
    expect(
      repo.read("/var/log/active/cm/cdr_repository/processed/20241201/cdr_StandAloneCluster_01_202412010001_1"),
    ).toBeUndefined();
  });
});

describe("its get_file_list", () => {
  const handler = createCdrOnDemandHandler({ repository: repo, credentials: CREDS });
  const ask = async (in0: string, in1: string) => {
    const res = await handler(
      new Request("https://lab/CDRonDemandService2/services/CDRonDemandService", {
        method: "POST",
        headers: { authorization: auth, "content-type": "text/xml" },
        body: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap="http://schemas.cisco.com/ast/soap"><soapenv:Body><soap:get_file_list><soap:in0>${in0}</soap:in0><soap:in1>${in1}</soap:in1><soap:in2>true</soap:in2></soap:get_file_list></soapenv:Body></soapenv:Envelope>`,
      }),
    );
    return { status: res.status, text: await res.text() };
  };

  test("names the files of the window, bounds inclusive", async () => {
    const r = await ask("202412010000", "202412010010");
    expect(r.status).toBe(200);
    expect(r.text).toContain(
      "<ns1:get_file_listReturn><ns1:FileName>cdr_StandAloneCluster_01_202412010000_0</ns1:FileName>",
    );
    expect(r.text).toContain("_202412010010_10</ns1:FileName>");
  });

  test("a window over an hour, reversed bounds and a malformed bound are Client faults", async () => {
    const long = await ask("202412010000", "202412010101");
    expect(long.status).toBe(500);
    expect(long.text).toContain("must not exceed one hour");
    expect((await ask("202412010100", "202412010000")).text).toContain("earlier than the lower time bound");
    expect((await ask("2024-12-01", "202412010000")).text).toContain("is not a time in YYYYMMDDHHMM form");
    expect((await ask("202412010000", "202412010060")).text).toContain("in1 (upper time bound)");
  });
});
