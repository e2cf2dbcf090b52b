/**
 * The report tools end to end: MCP SDK client over HTTPS → bridge (auth, RBAC, report rate limit,
 * audit) → the report module writing in the caller's clients/<name>/reports/. Evidence comes from
 * real tool calls against the lab. Incremental building, validation naming the finding at fault,
 * the size and count caps, paging, isolation between clients (tools and resources), path-safe ids,
 * and deletion reserved to administrators.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm", {
    modules: ["report"],
    clients: ["auditor:sub-aud:auditor", "capped:sub-capped:operator"],
    env: { REPORT_MAX_COUNT: "3", REPORT_MAX_SIZE_BYTES: "40000" },
  });
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const sc = (r: Result): Record<string, unknown> => r.structuredContent ?? {};
const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;
const textOf = (r: Result) => r.content.map((c) => c.text ?? "").join("\n");
const reportsDir = (client: string) => join(bed.h.root, "clients", client, "reports");

let reportId = "";

describe("report tools against the lab", () => {
  test("tools/list: four report tools for the admin with honest annotations; no report_delete for the auditor", async () => {
    const admin = (await (await bed.h.v1("admin")).listTools()).tools;
    const names = admin.map((t) => t.name);
    for (const n of ["report_create", "report_list", "report_get", "report_delete"]) expect(names).toContain(n);
    const ann = (n: string) => admin.find((t) => t.name === n)?.annotations;
    expect(ann("report_get")).toMatchObject({ readOnlyHint: true });
    expect(ann("report_list")).toMatchObject({ readOnlyHint: true });
    // Not read-only is the spec's default, so only the destructive hint is published for writers.
    expect(ann("report_create")).toMatchObject({ destructiveHint: false });
    expect(ann("report_create")?.readOnlyHint).toBeFalsy();
    expect(ann("report_delete")).toMatchObject({ destructiveHint: true });
    expect(ann("report_delete")?.readOnlyHint).toBeFalsy();
    for (const t of admin.filter((x) => x.name.startsWith("report_")))
      expect(t.outputSchema?.type, t.name).toBe("object");
    const auditor = (await (await bed.h.v1("auditor")).listTools()).tools.map((t) => t.name);
    expect(auditor).toContain("report_create");
    expect(auditor).not.toContain("report_delete");
  }, 30_000);

  test("a report is built in two calls from real lab evidence; Markdown has the summary table, sections and code blocks", async () => {
    const version = await call("admin", "cucm_get_version", { host: bed.node.ip });
    expect(version.isError).toBeFalsy();
    const observed = textOf(version);
    const created = await call("admin", "report_create", {
      title: "Cluster health — Zürich | lab",
      scope: { hosts: [bed.node.ip], period: "2026-12-02 01:00 UTC" },
      summary: "One node checked.",
      findings: [
        {
          status: "INFO",
          title: "CUCM version",
          section: "Versions",
          evidence: { tool: "cucm_get_version", call: `host ${bed.node.ip}`, observed },
        },
        {
          status: "PASS",
          title: "AXL answers",
          section: "Versions",
          evidence: { tool: "cucm_get_version", observed: "version returned" },
        },
      ],
    });
    expect(created.isError).toBeFalsy();
    reportId = String(sc(created).id);
    expect(reportId).toMatch(/^\d{8}-cluster-health-zurich-lab-[0-9a-f]{6}$/);
    const appended = await call("admin", "report_create", {
      report_id: reportId,
      sections: [{ title: "Registration", description: "Phones seen by RisPort70." }],
      findings: [
        {
          status: "FAIL",
          title: "Phone SEP0001 is unregistered",
          section: "Registration",
          evidence: { tool: "cucm_risport_query", observed: "SEP0001 UnRegistered ```reason``` | 8" },
          recommendation: "Check the phone's network.",
        },
        {
          status: "WARN",
          title: "Two phones on old loads",
          section: "Registration",
          evidence: { tool: "cucm_risport_query", observed: "" },
        },
        { status: "N/A", title: "No IM&P in scope", evidence: { tool: "bridge_whoami", observed: "scope cucm" } },
      ],
    });
    expect(appended.isError).toBeFalsy();
    expect(sc(appended)).toMatchObject({ findings: 5, counts: { PASS: 1, WARN: 1, FAIL: 1, INFO: 1, "N/A": 1 } });
    expect(sc(appended).sections).toEqual(["Versions", "Registration", "General"]);

    const md = textOf(await call("admin", "report_get", { id: reportId }));
    expect(md.split("\n")[0]).toBe("# Cluster health — Zürich | lab");
    expect(md).toMatch(/\| Status +\| +Findings \|/);
    for (const s of ["PASS", "WARN", "FAIL", "INFO", "N/A"])
      expect(md).toMatch(new RegExp(`\\| ${s.replace("/", "\\/")} +\\| +1 \\|`));
    expect(md).toContain("## Registration");
    expect(md).toContain("Phones seen by RisPort70.");
    // the lab's version text is in a code block, and a fence inside evidence does not break out
    expect(md).toContain(`\`\`\`text\n${observed.trim().split("\n")[0]}`);
    expect(md).toMatch(/````text\nSEP0001 UnRegistered ```reason``` \| 8\n````/);
    expect(md.indexOf("## Versions")).toBeLessThan(md.indexOf("## Registration"));
    // stored in the caller's folder only: JSON + Markdown, atomically written (no temp files left)
    const files = readdirSync(reportsDir("admin"));
    expect(files.sort()).toEqual([`${reportId}.json`, `${reportId}.md`]);
    expect(readFileSync(join(reportsDir("admin"), `${reportId}.md`), "utf8")).toBe(`${md}`);
    const json = JSON.parse(textOf(await call("admin", "report_get", { id: reportId, format: "json" })));
    expect(json.findings.map((f: { id: string }) => f.id)).toEqual(["F1", "F2", "F3", "F4", "F5"]);
    // one section at a time, for long reports
    const one = await call("admin", "report_get", { id: reportId, section: "Registration" });
    expect(textOf(one)).toContain("## Registration");
    expect(textOf(one)).not.toContain("## Versions");
    expect(sc(one).counts).toMatchObject({ FAIL: 1, WARN: 1, PASS: 0 });
    const none = await call("admin", "report_get", { id: reportId, section: "Nope" });
    expect(errorOf(none)?.code).toBe("NotFoundError");
    expect(errorOf(none)?.hint).toContain("Versions, Registration, General");
  }, 30_000);

  test("validation names the finding at fault; nothing is saved; an id cannot leave the folder", async () => {
    const bad = await call("admin", "report_create", {
      report_id: reportId,
      findings: [
        { status: "PASS", title: "ok", evidence: { tool: "x", observed: "" } },
        { status: "OK", title: "bad one", evidence: { tool: "x", observed: "" } },
      ],
    });
    expect(errorOf(bad)?.code).toBe("ValidationError");
    expect(JSON.stringify(errorOf(bad))).toContain("findings.1.status");
    expect(JSON.stringify(errorOf(bad))).toContain("PASS, WARN, FAIL, INFO, N/A");
    const noTitle = await call("admin", "report_create", { scope: { hosts: [] } });
    expect(JSON.stringify(errorOf(noTitle))).toContain("title: required for a new report");
    const json = JSON.parse(textOf(await call("admin", "report_get", { id: reportId, format: "json" })));
    expect(json.findings).toHaveLength(5);
    for (const id of ["../secrets/.token", "..", "a/b", "X"]) {
      const r = await call("admin", "report_get", { id });
      expect(errorOf(r)?.code).toBe("ValidationError");
    }
    expect(errorOf(await call("admin", "report_get", { id: "20260101-none-000000" }))?.code).toBe("NotFoundError");
  }, 30_000);

  test("size cap per report and count cap per client are refused with a clear error, nothing written", async () => {
    const big = "x".repeat(15_000);
    const huge = await call("capped", "report_create", {
      title: "too big",
      scope: { hosts: [] },
      findings: [1, 2, 3].map((n) => ({ status: "INFO", title: `chunk ${n}`, evidence: { tool: "t", observed: big } })),
    });
    expect(errorOf(huge)?.code).toBe("LimitExceededError");
    expect(errorOf(huge)?.message).toContain("REPORT_MAX_SIZE_BYTES");
    expect(existsSync(reportsDir("capped")) ? readdirSync(reportsDir("capped")) : []).toEqual([]);
    for (const n of [1, 2, 3]) {
      const r = await call("capped", "report_create", { title: `r${n}`, scope: { hosts: [] } });
      expect(r.isError).toBeFalsy();
    }
    const fourth = await call("capped", "report_create", { title: "r4", scope: { hosts: [] } });
    expect(errorOf(fourth)?.code).toBe("LimitExceededError");
    expect(errorOf(fourth)?.message).toContain("REPORT_MAX_COUNT=3");
    expect(errorOf(fourth)?.hint).toContain("report_delete");
    // paging over the three reports
    const page1 = await call("capped", "report_list", { limit: 2 });
    expect(sc(page1)).toMatchObject({ total: 3, next: 2 });
    expect(sc(page1).reports as unknown[]).toHaveLength(2);
    const page2 = await call("capped", "report_list", { offset: 2, limit: 2 });
    expect(sc(page2).next).toBeUndefined();
    expect(sc(page2).reports as unknown[]).toHaveLength(1);
    const ids = [...(sc(page1).reports as Array<{ id: string }>), ...(sc(page2).reports as Array<{ id: string }>)];
    expect(new Set(ids.map((r) => r.id)).size).toBe(3);
  }, 30_000);

  test("one client never sees another's reports, neither as tools nor as resources", async () => {
    const mine = await call("admin", "report_list", {});
    expect(textOf(mine)).toContain(reportId);
    const theirs = await call("auditor", "report_list", {});
    expect(sc(theirs).total).toBe(0);
    expect(errorOf(await call("auditor", "report_get", { id: reportId }))?.code).toBe("NotFoundError");
    const admin = await bed.h.v1("admin");
    const uris = (await admin.listResources()).resources.map((r) => r.uri);
    expect(uris).toContain(`report://${reportId}`);
    const read = await admin.readResource({ uri: `report://${reportId}` });
    const first = read.contents[0] as { mimeType?: string; text?: string };
    expect(first.mimeType).toBe("text/markdown");
    expect(first.text).toContain("# Cluster health — Zürich | lab");
    const auditor = await bed.h.v1("auditor");
    expect((await auditor.listResources()).resources.map((r) => r.uri)).not.toContain(`report://${reportId}`);
    expect(auditor.readResource({ uri: `report://${reportId}` })).rejects.toThrow(/Unknown resource/);
  }, 30_000);

  test("the auditor cannot delete; the admin can, and the files and resource are gone, audited", async () => {
    const denied = await call("auditor", "report_delete", { id: reportId });
    expect(errorOf(denied)?.code).toBe("ProfilePermissionError");
    expect(existsSync(join(reportsDir("admin"), `${reportId}.json`))).toBe(true);
    const done = await call("admin", "report_delete", { id: reportId });
    expect(done.isError).toBeFalsy();
    expect(readdirSync(reportsDir("admin"))).toEqual([]);
    expect(errorOf(await call("admin", "report_get", { id: reportId }))?.code).toBe("NotFoundError");
    const audit = bed.h.audit();
    expect(audit.some((l) => l.event === "report.deleted" && l.report === reportId)).toBe(true);
    // the refusal and the delete are both on record; the delete's line names the report
    const calls = audit.filter((l) => l.event === "tool.call" && l.tool === "report_delete");
    expect(calls.map((l) => [l.client, l.decision])).toEqual([
      ["auditor", "denied"],
      ["admin", "allowed"],
    ]);
    expect(calls[1]?.action).toEqual({ report: reportId });
  }, 30_000);
});
