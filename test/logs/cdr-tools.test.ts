/**
 * The CDR tools end to end: MCP SDK client over HTTPS → bridge (RBAC, rate limit, audit) → the lab
 * publisher's CDRonDemand get_file_list and DIME GetOneFile over verified TLS. The last hour's
 * CDR/CMR files listed; the calls of a window with their causes decoded (a refused call shows
 * 17 "User busy"); the files saved in the caller's own area and counted against the quota; a
 * window over an hour split into hourly requests (the lab refuses longer ones); bad windows
 * refused; the lab's own fault for a window over an hour; a profile without `cdr` refused.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isProtocolError } from "../../src/protocols/errors.ts";
import { createCdrOnDemandClient } from "../../src/protocols/logs/cdr-on-demand.ts";
import { recordingFetch } from "../support/lab-fetch.ts";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

/** A lab CDR file is about 3-5 KB: ten fit, the hour's sixty do not. */
const QUOTA = 48_000;
const TRACER = {
  description: "Test: traces and downloads, no CDRs.",
  product_scope: ["cucm"],
  cucm: { logs: { rate_limit: 30, collect: true, download: true } },
};

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm", {
    modules: ["logs"],
    clients: ["tracer:sub-tracer:tracer", "operator:sub-op:operator"],
    profiles: { tracer: TRACER },
    inject: { downloadLimits: { fileBytes: 1024 * 1024, quotaBytes: QUOTA } },
  });
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const sc = (r: Result): Record<string, unknown> => r.structuredContent ?? {};
const text = (r: Result): string => (r.content ?? []).map((c) => (c as { text?: string }).text ?? "").join("\n");
const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;
type Cause = { code: number; meaning: string };
type Call = {
  time: string;
  calling: string;
  called: string;
  durationS: number;
  answered: boolean;
  origCause: Cause;
  destCause: Cause;
  file: string;
};
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe("listing", () => {
  test("the last hour's CDR and CMR files of both nodes, named as CUCM names them", async () => {
    const r = await call("admin", "cucm_cdr_list", { host: bed.node.ip });
    expect(r.isError).toBeFalsy();
    const files = sc(r).files as Array<{ name: string; time: string; kind: string; node: string }>;
    // A call every two minutes per node: about thirty CDR files per node in an hour.
    expect(files.filter((f) => f.kind === "cdr").length).toBeGreaterThanOrEqual(40);
    expect(files.some((f) => f.kind === "cmr")).toBe(true);
    expect(new Set(files.map((f) => f.node))).toEqual(new Set(["01", "02"]));
    const from = Date.parse(sc(r).from as string);
    for (const f of files) {
      expect(f.name).toMatch(/^(cdr|cmr)_StandAloneCluster_0[12]_\d{12}_\d+$/);
      expect(f.name.startsWith(`${f.kind}_`)).toBe(true);
      expect(Date.parse(f.time)).toBeGreaterThanOrEqual(Math.floor(from / 60_000) * 60_000);
    }
    expect(text(r)).toContain(files[0]?.name ?? "?");
  });

  test("a window over an hour is asked an hour at a time (the node refuses more) and merged", async () => {
    const r = await call("admin", "cucm_cdr_list", { host: bed.node.ip, from: minutesAgo(180) });
    expect(r.isError).toBeFalsy();
    const names = (sc(r).files as Array<{ name: string }>).map((f) => f.name);
    expect(names.length).toBeGreaterThanOrEqual(60);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("calls", () => {
  let calls: Call[] = [];
  test("the calls of a window with causes decoded: answered 16 Normal call clearing, refused 17 User busy", async () => {
    const r = await call("admin", "cucm_cdr_calls", { host: bed.node.ip, from: minutesAgo(30), max_files: 8 });
    expect(r.isError).toBeFalsy();
    calls = sc(r).calls as Call[];
    expect(calls.length).toBeGreaterThanOrEqual(6);
    const busy = calls.filter((c) => c.destCause.code === 17);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const c of busy) {
      expect(c.destCause.meaning).toBe("User busy");
      expect(c.answered).toBe(false);
      expect(c.durationS).toBe(0);
    }
    const answered = calls.filter((c) => c.answered);
    expect(answered.length).toBeGreaterThanOrEqual(3);
    for (const c of answered) {
      expect(c.origCause).toEqual({ code: 16, meaning: "Normal call clearing" });
      expect(c.durationS).toBeGreaterThan(15);
      expect(c.calling).toMatch(/^\d+$/);
      expect(c.called).not.toBe(c.calling);
    }
    expect(text(r)).toContain("17 User busy");
    expect(text(r)).toContain("16 Normal call clearing");
    // Eight files were asked for and more exist in half an hour of two nodes: where to go on is said.
    expect(sc(r).truncated).toBe(true);
    expect(typeof sc(r).nextFrom).toBe("string");
    expect(text(r)).toContain("narrow the window");
  });

  test("the CDR files land in the caller's own downloads and count against its quota", async () => {
    const file = calls[0]?.file ?? "?";
    expect(file.startsWith(`${bed.node.ip}_cdr_StandAloneCluster_0`)).toBe(true);
    const onDisk = join(bed.h.root, "clients", "admin", "downloads", file);
    expect(existsSync(onDisk)).toBe(true);
    expect(readFileSync(onDisk, "utf8").split("\r\n")[0]).toStartWith('"cdrRecordType","globalCallID_callManagerId"');
    const listed = await call("admin", "cucm_downloads", {});
    const used = sc(listed).usedBytes as number;
    expect((sc(listed).files as Array<{ name: string }>).map((f) => f.name)).toContain(file);
    expect(used).toBeGreaterThan(8 * 2000);
    // Each file fetched is audited besides the tool call.
    const audit = bed.h.audit();
    expect(audit.filter((e) => e.event === "logs.cdr.download").length).toBeGreaterThanOrEqual(8);
    expect(JSON.stringify(audit.find((e) => e.event === "logs.cdr.download"))).toContain(file);
    expect(audit.some((e) => e.event === "tool.call" && JSON.stringify(e).includes("cucm_cdr_calls"))).toBe(true);
    // The operator's area is its own: nothing of the admin's there.
    const other = await call("operator", "cucm_downloads", {});
    expect((sc(other).files as unknown[]).length).toBe(0);
    // An hour of files (sixty or so) does not fit the quota: refused, and the area stays within it.
    const r = await call("admin", "cucm_cdr_calls", { host: bed.node.ip, max_files: 100 });
    expect(errorOf(r)?.code).toBe("LimitExceededError");
    const after = await call("admin", "cucm_downloads", {});
    expect(sc(after).usedBytes as number).toBeLessThanOrEqual(QUOTA);
    expect(sc(after).usedBytes as number).toBeGreaterThan(used);
  });
});

describe("bad windows and faults", () => {
  test("a reversed or over-long window is refused before anything is asked", async () => {
    const reversed = await call("admin", "cucm_cdr_list", {
      host: bed.node.ip,
      from: minutesAgo(10),
      to: minutesAgo(20),
    });
    expect(errorOf(reversed)?.code).toBe("ValidationError");
    expect(text(reversed)).toContain("is not before");
    const long = await call("admin", "cucm_cdr_calls", { host: bed.node.ip, from: minutesAgo(60 * 30) });
    expect(errorOf(long)?.code).toBe("ValidationError");
    const bad = await call("admin", "cucm_cdr_list", { host: bed.node.ip, from: "yesterday-ish" });
    expect(errorOf(bad)?.code).toBe("ValidationError");
  });

  test("the node's own fault for one request over an hour reaches the caller as a protocol error", async () => {
    const client = createCdrOnDemandClient(recordingFetch().fetch);
    const target = {
      host: bed.node.ip,
      port: bed.node.httpsPort,
      ...bed.lab.credentials.axl,
      timeoutMs: 5000,
      tls: { rejectUnauthorized: true, ca: bed.lab.caCertPem },
    };
    const lower = new Date(Date.now() - 2 * 3_600_000);
    const error = await client.getFileList(target, lower, new Date()).catch((e: unknown) => e);
    expect(isProtocolError(error, "UPSTREAM_PROTOCOL")).toBe(true);
    expect((error as Error).message).toContain("must not exceed one hour");
  });
});

describe("profiles", () => {
  test("a profile with logs but without cdr may not list or read CDRs", async () => {
    for (const name of ["cucm_cdr_list", "cucm_cdr_calls"]) {
      const r = await call("tracer", name, { host: bed.node.ip });
      expect(errorOf(r)?.code, name).toBe("ProfilePermissionError");
      expect(text(r)).toContain("cucm.logs.cdr");
    }
    expect(existsSync(join(bed.h.root, "clients", "tracer", "downloads"))).toBe(false);
  });

  test("the shipped operator profile has cdr", async () => {
    const r = await call("operator", "cucm_cdr_list", { host: bed.node.ip, from: minutesAgo(15) });
    expect(r.isError).toBeFalsy();
  });
});
