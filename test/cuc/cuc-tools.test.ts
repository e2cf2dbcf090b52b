/**
 * The Unity Connection tools end to end: MCP SDK client over HTTPS → bridge (auth, RBAC, rate
 * limit) → the lab's CUPI over verified TLS. Version, connectivity, a paged user list, one user,
 * an operator update that the lab really applies, denials (auditor PUT, `..` in the path) and a
 * missing credential.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cuc");
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const sc = (r: Result): Record<string, unknown> => r.structuredContent ?? {};
const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;

describe("Unity Connection tools against the lab", () => {
  test("tools/list shows the cuc tools; cuc_cupi_call is honest about writes", async () => {
    const tools = (await (await bed.h.v1("auditor")).listTools()).tools;
    const names = tools.map((t) => t.name);
    for (const n of ["cuc_get_version", "cuc_cupi_call", "cuc_check_connectivity"]) expect(names).toContain(n);
    // Not read-only (the spec's default, so the hint is left out) and destructive.
    const cupi = tools.find((t) => t.name === "cuc_cupi_call")?.annotations;
    expect(cupi?.readOnlyHint).toBeFalsy();
    expect(cupi?.destructiveHint).toBe(true);
  });

  test("cuc_get_version and cuc_check_connectivity", async () => {
    const r = await call("auditor", "cuc_get_version", { host: bed.node.ip });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ version: "15.0.1.10000-19" });
    const c = await call("auditor", "cuc_check_connectivity", { host: bed.node.ip });
    expect(c.isError).toBeFalsy();
    const cupi = (sc(c).results as Record<string, { ok: boolean; steps: { step: string }[] }>).cupi;
    expect(cupi?.ok).toBe(true);
    expect(cupi?.steps.map((s) => s.step)).toEqual(["tcp", "tls", "version"]);
    expect(JSON.stringify(cupi)).toContain("15.0.1.10000-19");
  });

  test("GET users pages to completion; a small cap truncates and says so", async () => {
    const all = await call("auditor", "cuc_cupi_call", { host: bed.node.ip, method: "GET", path: "users" });
    expect(all.isError).toBeFalsy();
    const total = Number(all.structuredContent?.total);
    expect(total).toBeGreaterThan(3);
    expect((sc(all).items as unknown[]).length).toBe(total);
    expect(all.structuredContent?.truncated).toBe(false);
    // The harness asks 5 rows per page: the list took several pages and has no duplicates.
    expect(Number(all.structuredContent?.requests)).toBe(Math.ceil(total / 5));
    const ids = (sc(all).items as Array<Record<string, string>>).map((u) => u.ObjectId);
    expect(new Set(ids).size).toBe(total);
    const capped = await call("auditor", "cuc_cupi_call", {
      host: bed.node.ip,
      method: "GET",
      path: "/vmrest/users",
      maxItems: 2,
    });
    expect((sc(capped).items as unknown[]).length).toBe(2);
    expect(capped.structuredContent?.truncated).toBe(true);
    expect(Number(capped.structuredContent?.requests)).toBe(1);
    const three = await call("auditor", "cuc_cupi_call", {
      host: bed.node.ip,
      method: "GET",
      path: "users",
      maxItems: 3,
    });
    expect((sc(three).items as unknown[]).length).toBe(3);
  });

  test("GET one user; operator PUT is applied; auditor PUT and '..' are refused", async () => {
    const list = await call("operator", "cuc_cupi_call", {
      host: bed.node.ip,
      method: "GET",
      path: "users",
      maxItems: 1,
    });
    const first = (sc(list).items as Array<Record<string, string>>)[0];
    const id = first?.ObjectId ?? "";
    expect(id).not.toBe("");
    const one = await call("operator", "cuc_cupi_call", { host: bed.node.ip, method: "GET", path: `users/${id}` });
    expect(one.isError).toBeFalsy();
    expect((sc(one).result as Record<string, string>).ObjectId).toBe(id);
    const put = await call("operator", "cuc_cupi_call", {
      host: bed.node.ip,
      method: "PUT",
      path: `/vmrest/users/${id}`,
      body: { DisplayName: "Renamed By Test" },
    });
    expect(put.isError).toBeFalsy();
    expect(put.structuredContent?.status).toBe(204);
    const again = await call("auditor", "cuc_cupi_call", { host: bed.node.ip, method: "GET", path: `users/${id}` });
    expect((sc(again).result as Record<string, string>).DisplayName).toBe("Renamed By Test");
    const denied = await call("auditor", "cuc_cupi_call", {
      host: bed.node.ip,
      method: "PUT",
      path: `users/${id}`,
      body: { DisplayName: "x" },
    });
    expect(errorOf(denied)?.code).toBe("ProfilePermissionError");
    const traversal = await call("admin", "cuc_cupi_call", {
      host: bed.node.ip,
      method: "GET",
      path: "users/../../admin",
    });
    expect(errorOf(traversal)?.code).toBe("ProfilePermissionError");
  });

  test("no stored credential → CredentialsMissingError naming cuc_store_credentials; 404 → NotFoundError", async () => {
    const r = await call("nocred", "cuc_cupi_call", { host: bed.node.ip, method: "GET", path: "users" });
    expect(errorOf(r)?.code).toBe("CredentialsMissingError");
    expect(String(errorOf(r)?.hint)).toContain("cuc_store_credentials");
    const v = await call("nocred", "cuc_get_version", { host: bed.node.ip });
    expect(errorOf(v)?.code).toBe("CredentialsMissingError");
    const missing = await call("admin", "cuc_cupi_call", {
      host: bed.node.ip,
      method: "GET",
      path: "users/no-such-id",
    });
    expect(errorOf(missing)?.code).toBe("NotFoundError");
  });

  test("the mailbox audit prompt and the CUPI resources note are served", async () => {
    const client = await bed.h.v1("auditor");
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain("cuc_mailbox_audit");
    const p = await client.getPrompt({
      name: "cuc_mailbox_audit",
      arguments: { host: "cuc1", aliasFilter: "(alias startswith j)" },
    });
    expect(JSON.stringify(p.messages)).toContain("(alias startswith j)");
    const read = await client.readResource({ uri: "cuc://cupi/resources" });
    expect(String((read.contents[0] as { text: string }).text)).toContain("rowsPerPage");
  });

  test("a paged GET sends one progress notification per page, counting up", async () => {
    const client = await bed.h.v1("auditor");
    const progress: Array<{ progress: number; total?: number }> = [];
    const r = (await client.callTool(
      { name: "cuc_cupi_call", arguments: { host: bed.node.ip, method: "GET", path: "users" } },
      undefined,
      { onprogress: (p: { progress: number; total?: number }) => progress.push(p) },
    )) as Result;
    expect(r.isError).toBeFalsy();
    expect(progress.length).toBe(Number(sc(r).requests));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)?.progress).toBe(Number(sc(r).total));
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]?.progress ?? 0).toBeGreaterThan(progress[i - 1]?.progress ?? 0);
  });
});
