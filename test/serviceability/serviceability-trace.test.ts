/**
 * The VOS trace tools end to end: MCP SDK client over HTTPS → bridge (RBAC, rate limit, audit)
 * → the lab's CUCM publisher over SSH with its trusted host key. Every task read; a change
 * refused without confirm and read back with it (the next show sees it); disabling; a bad level
 * and an unknown task as clear errors; the operator (no trace_set) and a profile without a
 * serviceability section refused.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm", {
    modules: ["serviceability"],
    clients: ["auditor:sub-aud:auditor", "operator:sub-op:operator"],
  });
  // The bridge refuses an unknown host key; the admin trusts the publisher's once for everyone.
  const first = await call("auditor", "cucm_trace_show", { host: bed.node.ip });
  expect(errorOf(first)?.code).toBe("UntrustedHostKeyError");
  const trust = await call("admin", "cucm_os_trust_fingerprint", {
    host: bed.node.ip,
    fingerprint: String(errorOf(first)?.fingerprint),
  });
  expect(trust.isError).toBeFalsy();
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

type Setting = { task: string; enabled: boolean; level?: string; maxFileSizeMb?: number; maxFiles?: number };
const sc = (r: Result): Record<string, unknown> => r.structuredContent ?? {};
const text = (r: Result): string => (r.content ?? []).map((c) => (c as { text?: string }).text ?? "").join("\n");
const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;
const shown = async (task: string): Promise<Setting | undefined> =>
  (sc(await call("auditor", "cucm_trace_show", { host: bed.node.ip, task })).tasks as Setting[])[0];

describe("cucm_trace_show", () => {
  test("every task of the node with its setting, as a table and as data", async () => {
    const r = await call("auditor", "cucm_trace_show", { host: bed.node.ip });
    expect(r.isError).toBeFalsy();
    const tasks = sc(r).tasks as Setting[];
    expect(tasks.map((t) => t.task)).toEqual(["certm", "cli", "clm", "ntpd", "servm"]);
    expect(tasks.find((t) => t.task === "ntpd")).toEqual({
      task: "ntpd",
      enabled: true,
      level: "Error",
      maxFileSizeMb: 1,
      maxFiles: 10,
    });
    expect(text(r)).toContain("ntpd\tyes\tError\t1\t10");
  });

  test("an unknown task is a NotFoundError naming the node's answer", async () => {
    const r = await call("auditor", "cucm_trace_show", { host: bed.node.ip, task: "nosuch" });
    expect(r.isError).toBe(true);
    expect(errorOf(r)?.code).toBe("NotFoundError");
    expect(text(r)).toContain("Invalid task name: nosuch");
    expect(String(errorOf(r)?.hint)).toContain("cucm_trace_show");
  });

  test("a task name that is not one word is refused before reaching the node", async () => {
    const r = await call("auditor", "cucm_trace_show", { host: bed.node.ip, task: "servm; show status" });
    expect(errorOf(r)?.code).toBe("ValidationError");
  });
});

describe("cucm_trace_set", () => {
  test("without confirm it is refused and nothing changes; with confirm the next show reads it", async () => {
    const refused = await call("admin", "cucm_trace_set", { host: bed.node.ip, task: "servm", level: "Detailed" });
    expect(errorOf(refused)?.code).toBe("ValidationError");
    expect(text(refused)).toContain("confirm: true");
    expect((await shown("servm"))?.level).toBe("Error");
    const done = await call("admin", "cucm_trace_set", {
      host: bed.node.ip,
      task: "servm",
      level: "Detailed",
      confirm: true,
    });
    expect(done.isError).toBeFalsy();
    expect(sc(done)).toMatchObject({ applied: true, setting: { task: "servm", enabled: true, level: "Detailed" } });
    expect(await shown("servm")).toMatchObject({ enabled: true, level: "Detailed" });
    expect(await shown("cli")).toMatchObject({ level: "Error" });
    const log = await Bun.file(`${bed.h.root}/logs/audit.log`).text();
    const line = log.split("\n").find((l) => l.includes('"tool":"cucm_trace_set"') && l.includes('"confirm":true'));
    expect(line).toContain("set trace enable Detailed servm");
  });

  test("enabled: false disables the task and keeps its level", async () => {
    const r = await call("admin", "cucm_trace_set", { host: bed.node.ip, task: "ntpd", enabled: false, confirm: true });
    expect(r.isError).toBeFalsy();
    expect(await shown("ntpd")).toMatchObject({ enabled: false, level: "Error" });
  });

  test("a level outside the VOS levels is refused with the allowed ones listed", async () => {
    const r = await call("admin", "cucm_trace_set", { host: bed.node.ip, task: "cli", level: "Loud", confirm: true });
    expect(errorOf(r)?.code).toBe("ValidationError");
    expect(text(r)).toContain("Arbitrary, Detailed, Entry_exit, Error, Significant, Special, State_Transition");
    const neither = await call("admin", "cucm_trace_set", { host: bed.node.ip, task: "cli", confirm: true });
    expect(errorOf(neither)?.code).toBe("ValidationError");
    expect(text(neither)).toContain("enabled: false");
  });

  test("an unknown task is a NotFoundError", async () => {
    const r = await call("admin", "cucm_trace_set", {
      host: bed.node.ip,
      task: "nosuch",
      level: "Error",
      confirm: true,
    });
    expect(r.isError).toBe(true);
    expect(errorOf(r)?.code).toBe("NotFoundError");
    expect(text(r)).toContain("Invalid task name: nosuch");
  });

  test("refused by RBAC: the operator has no trace_set, the limited profile no serviceability", async () => {
    for (const client of ["operator", "auditor", "limited"]) {
      const r = await call(client, "cucm_trace_set", {
        host: bed.node.ip,
        task: "clm",
        level: "Special",
        confirm: true,
      });
      expect(errorOf(r)?.code, client).toBe("ProfilePermissionError");
    }
    expect(
      text(
        await call("operator", "cucm_trace_set", { host: bed.node.ip, task: "clm", level: "Special", confirm: true }),
      ),
    ).toContain("trace_set");
    const read = await call("limited", "cucm_trace_show", { host: bed.node.ip });
    expect(errorOf(read)?.code).toBe("ProfilePermissionError");
    expect(await shown("clm")).toMatchObject({ level: "Error" });
  });
});
