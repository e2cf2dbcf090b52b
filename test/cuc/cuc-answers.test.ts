/**
 * What an agent reads from cuc_cupi_call, through the MCP SDK client against the lab: the text
 * block alone carries the users (many hosts show the model only the text), a bad input names the
 * field, and the audit line holds the CUPI method and path.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cuc");
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const callLines = (tool: string) => bed.h.audit().filter((e) => e.event === "tool.call" && e.tool === tool).length;

/** Calls a tool, then waits (up to 3 s) for its audit line: audit.log is written asynchronously. */
const call = async (client: string, name: string, args: Record<string, unknown>) => {
  const before = callLines(name);
  const result = (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;
  for (let waited = 0; callLines(name) === before && waited < 3000; waited += 20) await Bun.sleep(20);
  return result;
};
const textOf = (r: Result) => r.content.map((c) => c.text ?? "").join("\n");

describe("cuc_cupi_call answers in its text", () => {
  test("GET /vmrest/users: the text names every user's alias; the audit line has method and path", async () => {
    const r = await call("auditor", "cuc_cupi_call", { host: bed.node.ip, method: "GET", path: "/vmrest/users" });
    expect(r.isError).toBeFalsy();
    const users = r.structuredContent?.items as Array<{ Alias: string }>;
    expect(users.length).toBeGreaterThan(3);
    const text = textOf(r);
    for (const u of users) expect(text).toContain(u.Alias);
    const line = bed.h
      .audit()
      .filter((e) => e.event === "tool.call" && e.tool === "cuc_cupi_call")
      .at(-1);
    expect(line?.action).toEqual({ method: "GET", path: "/vmrest/users" });
  });

  test("one user by id: its fields are in the text", async () => {
    const list = await call("auditor", "cuc_cupi_call", {
      host: bed.node.ip,
      method: "GET",
      path: "users",
      query: { query: "(alias is operator)" },
    });
    const id = (list.structuredContent!.items as Array<{ ObjectId: string }>)[0]?.ObjectId;
    const one = await call("auditor", "cuc_cupi_call", { host: bed.node.ip, method: "GET", path: `users/${id}` });
    expect(textOf(one)).toContain(String(id));
    expect(textOf(one)).toContain("operator");
    const line = bed.h
      .audit()
      .filter((e) => e.event === "tool.call" && e.tool === "cuc_cupi_call")
      .at(-2);
    expect(line?.action).toEqual({ method: "GET", path: "/vmrest/users", query: "query=%28alias+is+operator%29" });
  });

  test("a bad input: the text names each field at fault and the hint", async () => {
    const r = await call("auditor", "cuc_cupi_call", {
      host: bed.node.ip,
      method: "PATCH",
      path: "users",
      maxItems: 0,
    });
    expect(r.isError).toBe(true);
    const text = textOf(r);
    expect(text).toStartWith("ValidationError: ");
    expect(text).toContain("method");
    expect(text).toContain("maxItems");
    expect(text).toContain("Hint: ");
  });
});
