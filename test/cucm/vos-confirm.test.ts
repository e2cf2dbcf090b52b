/**
 * VOS CLI questions and timeouts end to end (MCP SDK client → bridge → the lab's VOS SSH shell):
 * a command that asks is declined and handed back unless the call says `confirm: true` and the
 * profile's ssh.confirm_prefixes allows it; `(y/n)` and `(yes/no)` get their own answer; a
 * confirmed restart ends the session without an error; the login timeout trips when the lab's
 * VOS login is slower than SERVER_CUCM_SSH_TIMEOUT; timeout_s is bounded.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cucm", {
    env: { SERVER_CUCM_SSH_TIMEOUT: "2" },
    clients: ["noconfirm:sub-noconfirm:noconfirm", "ops:sub-ops:ops"],
    profiles: {
      // The admin profile's SSH rights (confirm_prefixes included) with room for this file's calls.
      ops: {
        product_scope: ["cucm"],
        cucm: {
          ssh: {
            rate_limit: 100,
            allowed_prefixes: ["show", "utils", "file", "set", "run", "admin"],
            confirm_prefixes: ["utils", "file", "set", "admin"],
          },
        },
      },
      noconfirm: {
        product_scope: ["cucm"],
        cucm: { ssh: { rate_limit: 100, allowed_prefixes: ["show", "utils"] } },
      },
    },
  });
  const first = await call("admin", "cucm_os_run_command", { host: bed.node.ip, command: "show myself" });
  const fingerprint = String(errorOf(first)?.fingerprint);
  const trusted = await call("admin", "cucm_os_trust_fingerprint", { host: bed.node.ip, fingerprint });
  if (trusted.isError) throw new Error(JSON.stringify(trusted.content));
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

async function call(client: string, name: string, args: Record<string, unknown>): Promise<Result> {
  return (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;
}
const run = (client: string, args: Record<string, unknown>) =>
  call(client, "cucm_os_run_command", { host: bed.node.ip, ...args });

test("a question is declined and handed back unless confirm: true", async () => {
  const asked = await run("ops", { command: "utils system restart" });
  expect(asked.isError).toBeFalsy();
  expect(asked.structuredContent).toMatchObject({ notDone: true, confirmed: false, answered: ["yes-no"] });
  expect(String(asked.structuredContent?.question)).toContain("Do you really want to restart ?");
  expect(String(asked.structuredContent?.output)).toContain("Restart aborted");
  expect(JSON.stringify(asked.content)).toContain("confirm: true");
  // The same session still answers: nothing restarted.
  const after = await run("ops", { command: "show myself" });
  expect(String(after.structuredContent?.output)).toContain("Machine Name    : cucm-pub");

  const analyse = await run("ops", { command: "utils core active analyze" });
  expect(analyse.structuredContent).toMatchObject({ notDone: true, answered: ["y-n"] });
  expect(String(analyse.structuredContent?.output)).toContain("Command aborted by user");
  const confirmed = await run("ops", { command: "utils core active analyze", confirm: true });
  expect(confirmed.structuredContent).toMatchObject({ confirmed: true, answered: ["y-n"] });
  expect(confirmed.structuredContent?.notDone).toBeUndefined();
  expect(String(confirmed.structuredContent?.output)).toContain("No core files found to analyze.");
}, 60_000);

test("confirm: true needs the profile's confirm_prefixes; without it nothing runs", async () => {
  const refused = await run("noconfirm", { command: "utils system restart", confirm: true });
  expect(errorOf(refused)?.code).toBe("ProfilePermissionError");
  expect(JSON.stringify(refused.content)).toContain("confirm_prefixes");
  const declined = await run("noconfirm", { command: "utils system restart" });
  expect(declined.structuredContent).toMatchObject({ notDone: true });
}, 60_000);

test("a confirmed restart answers yes, the node closes the session, the next call logs in again", async () => {
  const restart = await run("ops", { command: "utils system restart", confirm: true });
  expect(restart.isError).toBeFalsy();
  expect(restart.structuredContent).toMatchObject({ confirmed: true, sessionClosedByNode: true });
  expect(String(restart.structuredContent?.output)).toContain("Appliance is being Restarted ...");
  const again = await run("ops", { command: "show myself" });
  expect(again.isError).toBeFalsy();
}, 60_000);

test("timeout_s is bounded; a VOS login slower than SERVER_CUCM_SSH_TIMEOUT is a timeout", async () => {
  const low = await run("ops", { command: "show status", timeout_s: 1 });
  expect(errorOf(low)?.code).toBe("ValidationError");
  const high = await run("ops", { command: "show status", timeout_s: 100_000 });
  expect(errorOf(high)?.code).toBe("ValidationError");
  expect((await run("ops", { command: "show status", timeout_s: 30 })).isError).toBeFalsy();

  // A fresh session (the restart below closes the pooled one) against a 4 s login, 2 s allowed.
  bed.lab.knobs.set({ vosLoginDelayMs: 4000 });
  await run("ops", { command: "utils system restart", confirm: true });
  const slow = await run("ops", { command: "show status" });
  expect(errorOf(slow)?.code).toBe("UpstreamTimeoutError");
  expect(JSON.stringify(slow.content)).toContain("admin: prompt after log in within 2 s");
  bed.lab.knobs.set({ vosLoginDelayMs: 50 });
  expect((await run("ops", { command: "show status" })).isError).toBeFalsy();
}, 60_000);
