/**
 * The logs tools end to end: MCP SDK client over HTTPS → bridge (RBAC, rate limit, audit) → the
 * lab's Log Collection and DIME endpoints over verified TLS. The publisher's Cisco CallManager
 * traces of the last hour listed, one downloaded into the caller's own area and read back as a
 * paged resource, the SIP ladder of a lab call; path safety, the per-client quota, a DIME fault,
 * and the profiles' denials (auditor nothing, operator no capture).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

const QUOTA = 4000;
let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm", {
    modules: ["logs"],
    clients: ["auditor:sub-aud:auditor", "operator:sub-op:operator", "tiny:sub-tiny:operator"],
    // A lab SDL file is under 2 KB: the quota holds two of them, not three or more.
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
type File = { path: string; size: number; name: string };

let files: File[] = [];
describe("traces of the last hour, downloaded and read", () => {
  test("the publisher's Cisco CallManager traces of the last hour are listed", async () => {
    const r = await call("admin", "cucm_logs_list", {
      host: bed.node.ip,
      services: ["Cisco CallManager"],
      minutes: 60,
    });
    expect(r.isError).toBeFalsy();
    files = sc(r).files as File[];
    // Ten-minute SDL files: an hour spans at least six of them.
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files)
      expect(f.path).toMatch(/^\/var\/log\/active\/cm\/trace\/ccm\/sdl\/SDL001_100_\d{6}\.txt\.gz$/);
    expect(text(r)).toContain(files[0]?.path ?? "?");
  });

  let saved = "";
  test("one file lands in the caller's own downloads, byte for byte, and reads as a resource", async () => {
    const full = files[0] as File;
    const r = await call("admin", "cucm_logs_download", { host: bed.node.ip, path: full.path });
    expect(r.isError).toBeFalsy();
    saved = sc(r).file as string;
    expect(saved).toBe(`${bed.node.ip}_${full.name}`);
    const onDisk = join(bed.h.root, "clients", "admin", "downloads", saved);
    expect(existsSync(onDisk)).toBe(true);
    const bytes = readFileSync(onDisk);
    expect(bytes.length).toBe(full.size);
    expect(sc(r).bytes).toBe(full.size);
    const trace = gunzipSync(bytes).toString("utf8");
    expect(trace).toContain("Incoming SIP TCP message from");
    const client = await bed.h.v1("admin");
    const listed = await client.listResources();
    expect(listed.resources.map((x) => x.uri)).toContain(`download://${saved}`);
    const page = await client.readResource({ uri: `download://${saved}?page=1` });
    const body = (page.contents[0] as { text: string }).text;
    expect(body).toContain(`[${saved}: page 1 of`);
    expect(body).toContain(trace.slice(0, 200));
    // Another client neither lists nor reads it.
    const other = await bed.h.v1("operator");
    expect((await other.listResources()).resources.map((x) => x.uri)).not.toContain(`download://${saved}`);
    await expect(other.readResource({ uri: `download://${saved}` })).rejects.toThrow();
  });

  test("the SIP ladder of a lab call: INVITE, Trying, Ringing, OK, ACK, BYE", async () => {
    const listed = await call("admin", "cucm_sip_ladder", { file: saved });
    expect(listed.isError).toBeFalsy();
    const calls = sc(listed).calls as Array<{ callId: string; outcome: string; messages: number }>;
    expect(calls.length).toBeGreaterThanOrEqual(2);
    const answered = calls.find((c) => c.outcome === "200 OK" && c.messages === 13);
    expect(answered).toBeDefined();
    const r = await call("admin", "cucm_sip_ladder", { file: saved, call_id: answered?.callId });
    const ladder = sc(r).ladder as Array<{ time: string; from: string; to: string; message: string }>;
    expect(ladder.map((m) => m.message)).toEqual([
      "INVITE",
      "100 Trying",
      "INVITE",
      "180 Ringing",
      "180 Ringing",
      "200 OK",
      "ACK",
      "200 OK",
      "ACK",
      "BYE",
      "200 OK",
      "BYE",
      "200 OK",
    ]);
    expect(ladder[0]?.to).toBe("CUCM");
    expect(ladder[1]?.from).toBe("CUCM");
    expect(ladder[0]?.from).toBe(ladder[1]?.to ?? "?");
    expect(text(r)).toContain("INVITE");
    const busy = calls.find((c) => c.outcome === "486 Busy Here");
    expect(busy).toBeDefined();
  });
});

describe("limits, safety and faults", () => {
  test("paths outside /var/log and file names with separators are refused before anything runs", async () => {
    const r = await call("admin", "cucm_logs_download", { host: bed.node.ip, path: "/var/log/../../etc/passwd" });
    expect(errorOf(r)?.code).toBe("ValidationError");
    const l = await call("admin", "cucm_sip_ladder", { file: "../admin/secrets/.token" });
    expect(errorOf(l)?.code).toBe("ValidationError");
    expect(existsSync(join(bed.h.root, "clients", "admin", "downloads", "passwd"))).toBe(false);
  });

  test("a file the node does not have gives the node's fault and saves nothing", async () => {
    const r = await call("admin", "cucm_logs_download", {
      host: bed.node.ip,
      path: "/var/log/active/cm/trace/ccm/sdl/SDL001_100_999999.txt.gz",
    });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("do not exist");
  });

  test("the per-client quota refuses the download that would pass it and saves nothing of it", async () => {
    const dir = join(bed.h.root, "clients", "tiny", "downloads");
    let refused: Result | undefined;
    let refusedName = "";
    for (const f of files.slice(1)) {
      const r = await call("tiny", "cucm_logs_download", { host: bed.node.ip, path: f.path });
      if (r.isError) {
        refused = r;
        refusedName = `${bed.node.ip}_${f.name}`;
        break;
      }
    }
    expect(errorOf(refused as Result)?.code).toBe("LimitExceededError");
    expect(existsSync(join(dir, refusedName))).toBe(false);
    const listed = await call("tiny", "cucm_downloads", {});
    const kept = sc(listed).files as Array<{ name: string; bytes: number }>;
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(sc(listed).usedBytes).toBeLessThanOrEqual(QUOTA);
    // Deleting one frees room: the refused file now fits.
    const deleted = await call("tiny", "cucm_downloads", { delete: kept[0]?.name });
    expect((sc(deleted).files as unknown[]).length).toBe(kept.length - 1);
    const retry = await call("tiny", "cucm_logs_download", {
      host: bed.node.ip,
      path: `${files[0]?.path.replace(/[^/]+$/, "")}${refusedName.slice(bed.node.ip.length + 1)}`,
    });
    expect(retry.isError).toBeFalsy();
  });
});

describe("profiles", () => {
  test("auditor has no logs section: listing is refused", async () => {
    const r = await call("auditor", "cucm_logs_list", { host: bed.node.ip });
    expect(errorOf(r)?.code).toBe("ProfilePermissionError");
    expect(text(r)).toContain("cucm.logs");
  });

  test("operator lists and downloads", async () => {
    const r = await call("operator", "cucm_logs_list", { host: bed.node.ip, minutes: 15 });
    expect(r.isError).toBeFalsy();
  });
});
