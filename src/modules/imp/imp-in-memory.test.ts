/**
 * IM&Presence tools run in memory: the real module from the composition root, a scripted AXL
 * upstream, the real dispatch, no HTTPS server.
 */
import { afterAll, expect, test } from "bun:test";
import { axlResponse, fakeUpstream } from "../../../test/support/fake-upstream.ts";
import { builtInProfile, callInMemory, contextFixture, inMemoryModules } from "../../../test/support/tool-context.ts";

const upstream = fakeUpstream(
  () => axlResponse("getCCMVersion", "<componentVersion><version>15.0.1.12900(22)</version></componentVersion>"),
  () => new Response("Unauthorized", { status: 401 }),
);
const built = inMemoryModules({ fetch: upstream.fetch });
afterAll(() => built.cleanup());

test("imp_get_version runs in memory with the caller's imp credential; a 401 names imp_update_credentials", async () => {
  const caller = contextFixture(await builtInProfile("operator"));
  caller.vault.put("imp", "axl", "imp.example.com", { username: "axl", password: "pw", port: 8444 });
  const tool = built.tool("imp_get_version");
  const ok = await callInMemory(caller, tool, { host: "imp.example.com" });
  expect(ok.structuredContent).toMatchObject({ version: "15.0.1.12900(22)", axlVersion: "15.0" });
  expect(upstream.requests[0]?.url).toBe("https://imp.example.com:8444/axl/");
  const denied = await callInMemory(caller, tool, { host: "imp.example.com" });
  expect(JSON.stringify(denied.structuredContent?.error)).toContain("imp_update_credentials");
});

test("imp catalogue and SSH tools name the IM&P tools to call next", async () => {
  const caller = contextFixture(await builtInProfile("admin"));
  const list = await callInMemory(caller, built.tool("imp_list_axl_operations"), {});
  expect(list.structuredContent?.error).toMatchObject({ code: "NotFoundError" });
  expect(JSON.stringify(list)).toContain("imp_download_axl_toolkit");
  const ssh = await callInMemory(caller, built.tool("imp_os_run_command"), {
    host: "imp.example.com",
    command: "show status",
  });
  expect(ssh.structuredContent?.error).toMatchObject({ code: "CredentialsMissingError" });
  expect(JSON.stringify(ssh)).toContain("imp_os_store_credentials");
});
