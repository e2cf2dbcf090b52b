/**
 * CUCM tools run in memory: the real module from the composition root, a scripted AXL upstream,
 * the real dispatch, no HTTPS server. Shows the handler's result and dispatch's one mapping of a
 * protocol error from the tool's declared product and service.
 */
import { afterAll, expect, test } from "bun:test";
import { axlResponse, fakeUpstream } from "../../../test/support/fake-upstream.ts";
import { builtInProfile, callInMemory, contextFixture, inMemoryModules } from "../../../test/support/tool-context.ts";

const version = "<componentVersion><version>15.0.1.12900(34)</version></componentVersion>";
const upstream = fakeUpstream(
  () => axlResponse("getCCMVersion", version),
  () => new Response("Unauthorized", { status: 401 }),
);
const built = inMemoryModules({ fetch: upstream.fetch });
afterAll(() => built.cleanup());

test("cucm_get_version runs in memory; a 401 becomes UpstreamAuthError naming cucm_update_credentials", async () => {
  const caller = contextFixture(await builtInProfile("admin"));
  const tool = built.tool("cucm_get_version");
  const missing = await callInMemory(caller, tool, { host: "cucm.example.com" });
  expect(missing.structuredContent?.error).toMatchObject({ code: "CredentialsMissingError" });
  expect(JSON.stringify(missing)).toContain("cucm_store_credentials");
  caller.vault.put("cucm", "axl", "cucm.example.com", { username: "axl", password: "s3cret", port: 9443 });
  const ok = await callInMemory(caller, tool, { host: "CUCM.example.com" });
  expect(ok.isError).toBeUndefined();
  expect(ok.structuredContent).toMatchObject({ host: "cucm.example.com", version: "15.0.1.12900(34)" });
  expect(upstream.requests[0]?.url).toBe("https://cucm.example.com:9443/axl/");
  const denied = await callInMemory(caller, tool, { host: "cucm.example.com" });
  expect(denied.structuredContent?.error).toMatchObject({ code: "UpstreamAuthError" });
  expect(JSON.stringify(denied.structuredContent?.error)).toContain("cucm_update_credentials");
  expect(JSON.stringify(denied)).not.toContain("s3cret");
  expect(caller.events.map((e) => e["outcome"])).toEqual(["CredentialsMissingError", "ok", "UpstreamAuthError"]);
});
