import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { hostAllowed, hostOriginGuard, originAllowed } from "./host-origin-guard.ts";

const hosts = ["localhost:*", "127.0.0.1:*", "mcp.example.org:8443", "[::1]:*"];
const origins = ["https://mcp.example.org:8443", "http://127.0.0.1:*"];

describe("Host header rules", () => {
  test("host:* allows any port on that host only", () => {
    expect(hostAllowed("localhost:4433", hosts)).toBe(true);
    expect(hostAllowed("LOCALHOST:8443", hosts)).toBe(true);
    expect(hostAllowed("127.0.0.1", hosts)).toBe(true);
    expect(hostAllowed("[::1]:8443", hosts)).toBe(true);
    expect(hostAllowed("mcp.example.org:8443", hosts)).toBe(true);
    expect(hostAllowed("mcp.example.org:9443", hosts)).toBe(false);
    expect(hostAllowed("evil.example:8443", hosts)).toBe(false);
    expect(hostAllowed("localhost.evil.example", hosts)).toBe(false);
    expect(hostAllowed("localhost:8443@evil", hosts)).toBe(false);
  });

  test("Origin exact match, or scheme://host:* for any port", () => {
    expect(originAllowed("https://mcp.example.org:8443", origins)).toBe(true);
    expect(originAllowed("https://mcp.example.org", origins)).toBe(false);
    expect(originAllowed("http://127.0.0.1:51234", origins)).toBe(true);
    expect(originAllowed("https://127.0.0.1:51234", origins)).toBe(false);
    expect(originAllowed("null", origins)).toBe(false);
    expect(originAllowed("http://127.0.0.1.evil.example:1", origins)).toBe(false);
  });
});

describe("the guard runs before anything else", () => {
  const app = new Hono();
  let reached = 0;
  const refusals: string[] = [];
  app.use(
    "*",
    hostOriginGuard({ enabled: true, allowedHosts: hosts, allowedOrigins: origins }, (why) => refusals.push(why)),
  );
  app.all("*", (c) => {
    reached++;
    return c.text("ok");
  });

  test("a bad Host or Origin is a 403 and the handler never runs", async () => {
    const bad = await app.request("https://evil.example/mcp", { headers: { host: "evil.example" } });
    expect(bad.status).toBe(403);
    const badOrigin = await app.request("https://localhost/mcp", {
      headers: { host: "localhost:8443", origin: "https://evil.example" },
    });
    expect(badOrigin.status).toBe(403);
    expect(reached).toBe(0);
    expect(refusals).toEqual(["host", "origin"]);
    const good = await app.request("https://localhost/mcp", { headers: { host: "localhost:8443" } });
    expect(good.status).toBe(200);
  });

  test("disabled protection lets everything through", async () => {
    const open = new Hono();
    open.use("*", hostOriginGuard({ enabled: false, allowedHosts: [], allowedOrigins: [] }));
    open.get("*", (c) => c.text("ok"));
    expect((await open.request("https://x/", { headers: { host: "evil.example" } })).status).toBe(200);
  });
});
