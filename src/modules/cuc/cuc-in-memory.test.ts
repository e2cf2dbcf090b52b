/**
 * Unity Connection tools run in memory: the real module from the composition root, a scripted
 * CUPI upstream, the real dispatch, no HTTPS server.
 */
import { afterAll, expect, test } from "bun:test";
import { fakeUpstream } from "../../../test/support/fake-upstream.ts";
import { builtInProfile, callInMemory, contextFixture, inMemoryModules } from "../../../test/support/tool-context.ts";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const users = (page: number) => ({
  "@total": "3",
  User: page === 1 ? [{ Alias: "a" }, { Alias: "b" }] : { Alias: "c" },
});
const upstream = fakeUpstream(
  () => json({ name: "Cisco Unity Connection", version: "15.0.1.10000-19" }),
  () => json(users(1)),
  () => json(users(2)),
  () => new Response("Unauthorized", { status: 401 }),
);
const built = inMemoryModules({ fetch: upstream.fetch, pageRows: 2 });
afterAll(() => built.cleanup());

test("cuc tools run in memory: version, a paged GET, and a 401 naming cuc_update_credentials", async () => {
  const caller = contextFixture(await builtInProfile("admin"));
  caller.vault.put("cuc", "cupi", "cuc.example.com", { username: "admin", password: "pw" });
  const version = await callInMemory(caller, built.tool("cuc_get_version"), { host: "cuc.example.com" });
  expect(version.structuredContent).toMatchObject({ version: "15.0.1.10000-19" });
  const call = built.tool("cuc_cupi_call");
  const paged = await callInMemory(caller, call, { host: "cuc.example.com", method: "GET", path: "users" });
  expect(paged.structuredContent).toMatchObject({ total: 3, truncated: false, requests: 2 });
  expect(paged.structuredContent?.items).toHaveLength(3);
  expect(upstream.requests[1]?.url).toContain("/vmrest/users?");
  const denied = await callInMemory(caller, call, { host: "cuc.example.com", method: "GET", path: "users/x" });
  expect(denied.structuredContent?.error).toMatchObject({ code: "UpstreamAuthError" });
  expect(JSON.stringify(denied)).toContain("cuc_update_credentials");
});
