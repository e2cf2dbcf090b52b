/**
 * What an agent and an auditor get back from the CUCM tools, through the MCP SDK client against
 * the lab: the audit line of every call says what was done (AXL operation and object, SQL, VOS
 * command, RIS selection) without a secret.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm");
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;

const lastCall = (tool: string) =>
  bed.h
    .audit()
    .filter((e) => e.event === "tool.call" && e.tool === tool)
    .at(-1);

describe("audit lines say what a call did", () => {
  test("an addLine names the operation and the line; an SQL query keeps its text with the password masked", async () => {
    const add = await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "addLine",
      data: { line: { pattern: "7777123", usage: "Device", description: "audit probe" } },
    });
    expect(add.isError).toBeFalsy();
    expect(lastCall("cucm_axl_call")?.action).toEqual({
      operation: "addLine",
      target: { "line.pattern": "7777123", "line.usage": "Device", "line.description": "audit probe" },
    });
    await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "executeSQLUpdate",
      data: { sql: "update enduser set firstname='Ann' where userid='ann' or password = 'S3cret-Probe'" },
    });
    const sql = lastCall("cucm_axl_call")?.action as { operation: string; sql: string };
    expect(sql.operation).toBe("executeSQLUpdate");
    expect(sql.sql).toContain("update enduser set firstname='Ann'");
    expect(sql.sql).toContain("password = [REDACTED]");
    expect(JSON.stringify(bed.h.audit())).not.toContain("S3cret-Probe");
    bed.h.secrets.push("S3cret-Probe");
  });

  test("a payload's secrets never reach the audit line, only identifying fields", async () => {
    await call("admin", "cucm_axl_call", {
      host: bed.node.ip,
      operation: "updateUser",
      data: { userid: "probe-user", password: "Upd4te-Secret", pin: "918273" },
    });
    expect(lastCall("cucm_axl_call")?.action).toEqual({ operation: "updateUser", target: { userid: "probe-user" } });
    const text = JSON.stringify(bed.h.audit());
    expect(text).not.toContain("Upd4te-Secret");
    expect(text).not.toContain("918273");
    bed.h.secrets.push("Upd4te-Secret");
  });

  test("a VOS command and a RIS selection are on their lines, also when refused", async () => {
    await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show   network eth0" });
    expect(lastCall("cucm_os_run_command")?.action).toEqual({ command: "show   network eth0" });
    await call("limited", "cucm_os_run_command", { host: bed.node.ip, command: "utils system restart" });
    const refused = lastCall("cucm_os_run_command");
    expect(refused).toMatchObject({ decision: "denied", action: { command: "utils system restart" } });
    await call("admin", "cucm_risport_query", { host: bed.node.ip, status: "Registered", items: ["SEP*"] });
    expect(lastCall("cucm_risport_query")?.action).toEqual({
      deviceClass: "Any",
      status: "Registered",
      selectBy: "Name",
      items: ["SEP*"],
    });
    const bad = await call("admin", "cucm_risport_query", { host: bed.node.ip, status: "Lost" });
    expect(errorOf(bad)?.code).toBe("ValidationError");
  });
});
