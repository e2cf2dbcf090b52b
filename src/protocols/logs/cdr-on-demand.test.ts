import { describe, expect, test } from "bun:test";
import { ProtocolError } from "../errors.ts";
import type { FetchLike } from "../http.ts";
import type { ServiceabilityTarget } from "../serviceability/soap-call.ts";
import {
  cdrRepositoryPath,
  cdrTimeBound,
  createCdrOnDemandClient,
  hourlyWindows,
  parseCdrFileName,
  parseCdrTimeBound,
} from "./cdr-on-demand.ts";

const target: ServiceabilityTarget = {
  host: "cucm-pub",
  port: 8443,
  username: "u",
  password: "p",
  timeoutMs: 2000,
  tls: { rejectUnauthorized: false },
};

const listAnswer = (names: string[]) =>
  `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns1:get_file_listResponse xmlns:ns1="http://schemas.cisco.com/ast/soap"><ns1:get_file_listReturn>${names
    .map((n) => `<ns1:FileName>${n}</ns1:FileName>`)
    .join("")}</ns1:get_file_listReturn></ns1:get_file_listResponse></soapenv:Body></soapenv:Envelope>`;
const fault = (text: string) =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>${text}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;

describe("time bounds and file names", () => {
  test("bounds are YYYYMMDDHHMM in UTC, and only real times parse back", () => {
    expect(cdrTimeBound(new Date("2024-12-01T01:01:59Z"))).toBe("202412010101");
    expect(parseCdrTimeBound("202412010101")).toBe(Date.UTC(2024, 11, 1, 1, 1));
    expect(parseCdrTimeBound("202413010101")).toBeNaN();
    expect(parseCdrTimeBound("2024120101")).toBeNaN();
  });

  test("a file name gives kind, cluster, node, minute and its path in the repository", () => {
    const f = parseCdrFileName("cdr_StandAloneCluster_01_202412010101_1234");
    expect(f).toEqual({
      name: "cdr_StandAloneCluster_01_202412010101_1234",
      kind: "cdr",
      cluster: "StandAloneCluster",
      node: "01",
      time: "2024-12-01T01:01:00.000Z",
      sequence: 1234,
    });
    expect(cdrRepositoryPath(f!)).toBe(
      "/var/log/active/cm/cdr_repository/processed/20241201/cdr_StandAloneCluster_01_202412010101_1234",
    );
    expect(parseCdrFileName("cmr_Nucor-EnterpriseCluster-01_06_202101122006_158160")?.cluster).toBe(
      "Nucor-EnterpriseCluster-01",
    );
    expect(parseCdrFileName("SDL001_100_000001.txt.gz")).toBeUndefined();
    expect(parseCdrFileName("cdr_x_01_202412010101_1/../../etc")).toBeUndefined();
  });

  test("a window longer than an hour is cut into hourly requests on whole minutes", () => {
    const w = hourlyWindows(new Date("2024-12-01T00:00:30Z"), new Date("2024-12-01T02:30:10Z"));
    expect(w.map(([a, b]) => [cdrTimeBound(a), cdrTimeBound(b)])).toEqual([
      ["202412010000", "202412010100"],
      ["202412010100", "202412010200"],
      ["202412010200", "202412010230"],
    ]);
    expect(hourlyWindows(new Date("2024-12-01T00:05:00Z"), new Date("2024-12-01T00:05:40Z"))).toHaveLength(1);
  });
});

describe("get_file_list on the wire", () => {
  test("hourly requests with in0/in1/in2, answers merged without duplicates, oldest first", async () => {
    const bodies: string[] = [];
    const fetchFn: FetchLike = async (url, init) => {
      expect(url).toBe("https://cucm-pub:8443/CDRonDemandService2/services/CDRonDemandService");
      expect(init.headers["soapaction"]).toBe("get_file_list");
      bodies.push(String(init.body));
      return new Response(
        bodies.length === 1
          ? listAnswer(["cdr_C_01_202412010159_7", "cmr_C_01_202412010130_3"])
          : listAnswer(["cdr_C_01_202412010159_7", "cdr_C_02_202412010205_8", "not-a-cdr"]),
      );
    };
    const files = await createCdrOnDemandClient(fetchFn).listFiles(
      target,
      new Date("2024-12-01T01:00:00Z"),
      new Date("2024-12-01T02:10:00Z"),
    );
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toContain(
      "<soap:get_file_list><soap:in0>202412010100</soap:in0><soap:in1>202412010200</soap:in1>",
    );
    expect(bodies[0]).toContain("<soap:in2>true</soap:in2>");
    expect(bodies[1]).toContain("<soap:in0>202412010200</soap:in0><soap:in1>202412010210</soap:in1>");
    expect(files.map((f) => f.name)).toEqual([
      "cmr_C_01_202412010130_3",
      "cdr_C_01_202412010159_7",
      "cdr_C_02_202412010205_8",
    ]);
  });

  test("a 'no file found' fault is an empty window; any other fault is the node's error", async () => {
    let answer = fault("No file found within the specified time range");
    const fetchFn: FetchLike = async () => new Response(answer, { status: 500 });
    const client = createCdrOnDemandClient(fetchFn);
    const lower = new Date("2024-12-01T01:00:00Z");
    expect(await client.getFileList(target, lower, new Date("2024-12-01T01:30:00Z"))).toEqual([]);
    answer = fault("The time range must not exceed one hour");
    const error = await client.getFileList(target, lower, new Date("2024-12-01T03:00:00Z")).catch((e) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe("UPSTREAM_PROTOCOL");
    expect((error as ProtocolError).message).toContain("CDR on Demand fault from cucm-pub: The time range");
  });
});
