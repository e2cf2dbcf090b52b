import { describe, expect, test } from "bun:test";
import { fakeSleep, fakeUpstream } from "../../../test/support/fake-upstream.ts";
import type { ProtocolError } from "../errors.ts";
import { type CupiTarget, createCupiClient, cupiPath } from "./client.ts";
import { decodeCollection, errorMessage } from "./decode.ts";

const target: CupiTarget = {
  host: "cuc-pub",
  port: 8443,
  username: "cucadmin",
  password: "Cuc-pw-1",
  timeoutMs: 2000,
  tls: { rejectUnauthorized: true },
};
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("CUPI decode", () => {
  test("one item is an object, none has no key, many are a list", () => {
    expect(decodeCollection({ "@total": "1", User: { Alias: "jdoe" } })).toEqual({
      total: 1,
      key: "User",
      items: [{ Alias: "jdoe" }],
    });
    expect(decodeCollection({ "@total": "0" })).toEqual({ total: 0, items: [] });
    expect(decodeCollection({ "@total": "2", User: [{ Alias: "a" }, { Alias: "b" }] }).items).toHaveLength(2);
  });

  test("error bodies in both JSON shapes and XML", () => {
    expect(
      errorMessage('{"errors":{"code":"DATA_EXCEPTION","message":"Alias already exists"}}', "application/json"),
    ).toBe("Alias already exists (DATA_EXCEPTION)");
    expect(errorMessage('{"errors":{"error":[{"message":"bad"}]}}', "application/json")).toBe("bad");
    expect(
      errorMessage(
        "<ErrorDetails><errors><code>404</code><message>Not found</message></errors></ErrorDetails>",
        "application/xml",
      ),
    ).toBe("Not found (404)");
    expect(errorMessage("plain", "text/plain")).toBe("plain");
  });

  test("paths stay under /vmrest/", () => {
    expect(cupiPath("users")).toBe("/vmrest/users");
    expect(cupiPath("/vmrest/users/abc")).toBe("/vmrest/users/abc");
    for (const bad of ["/vmrest/../admin", "users?x=1", "/vmrest//x", "users/\n1", "https://evil/"]) {
      expect(() => cupiPath(bad)).toThrow(expect.objectContaining({ code: "INVALID_REQUEST" }));
    }
  });
});

describe("CUPI client", () => {
  test("pages with rowsPerPage/pageNumber until @total", async () => {
    const users = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ Alias: `u${from + i}` }));
    const up = fakeUpstream(
      () => json({ "@total": "5", User: users(0, 2) }),
      () => json({ "@total": "5", User: users(2, 2) }),
      () => json({ "@total": "5", User: users(4, 1)[0] }),
    );
    const c = createCupiClient({ fetch: up.fetch, ...fakeSleep(), random: () => 0 });
    const res = await c.list(target, "users", { rowsPerPage: 2, query: { query: "(alias startswith u)" } });
    expect(res).toMatchObject({ total: 5, truncated: false, requests: 3 });
    expect(res.items.map((u) => u["Alias"])).toEqual(["u0", "u1", "u2", "u3", "u4"]);
    expect(up.requests[2]?.url).toBe(
      "https://cuc-pub:8443/vmrest/users?query=%28alias+startswith+u%29&rowsPerPage=2&pageNumber=3",
    );
    expect(up.requests[0]?.headers["accept"]).toBe("application/json");
    expect(up.requests[0]?.tls).toEqual({ rejectUnauthorized: true });
  });

  test("POST 201 gives the new URI, PUT 204 no body, 503 retried for GET, errors typed", async () => {
    const up = fakeUpstream(
      () => new Response("/vmrest/users/f82b301d", { status: 201, headers: { "content-type": "text/plain" } }),
      () => new Response(null, { status: 204 }),
      () => new Response("Server Busy", { status: 503 }),
      () => json({ "@total": "0" }),
      () => json({ errors: { code: "NOT_FOUND", message: "no such user" } }, 404),
      () => new Response("denied", { status: 401 }),
    );
    const s = fakeSleep();
    const c = createCupiClient({ fetch: up.fetch, sleep: s.sleep, random: () => 0.5 });
    const created = await c.request(target, {
      method: "POST",
      path: "users",
      query: { templateAlias: "voicemailusertemplate" },
      body: { Alias: "jdoe", DtmfAccessId: "1234" },
    });
    expect(created).toMatchObject({ status: 201, location: "/vmrest/users/f82b301d" });
    expect(up.requests[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(up.requests[0]?.body ?? "")).toEqual({ Alias: "jdoe", DtmfAccessId: "1234" });
    expect(await c.request(target, { method: "PUT", path: "users/f82b301d", body: { DisplayName: "J" } })).toEqual({
      status: 204,
      data: null,
    });
    expect((await c.request(target, { method: "GET", path: "users" })).data).toEqual({ "@total": "0" });
    expect(s.waits).toHaveLength(1);
    const e404 = (await c.request(target, { method: "DELETE", path: "users/x" }).catch((e) => e)) as ProtocolError;
    expect(e404).toMatchObject({ code: "UPSTREAM_HTTP", details: { status: 404 } });
    expect(e404.message).toContain("no such user");
    const e401 = (await c.request(target, { method: "GET", path: "users" }).catch((e) => e)) as ProtocolError;
    expect(e401.code).toBe("UPSTREAM_AUTH");
    expect(e401.message).not.toContain("Cuc-pw-1");
  });
});
