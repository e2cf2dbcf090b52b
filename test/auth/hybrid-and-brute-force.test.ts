/**
 * Hybrid jwt+oauth2 mode (per-client mode from the 4th AUTH_CLIENTS field, a token of the
 * wrong kind refused) and brute-force blocking (AUTH_FAIL_LIMIT failures block the IP on
 * every auth surface, audited as auth.blocked).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { allLogText, type Harness, startHarness, whoami } from "./harness.ts";

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

async function clientCredentials(h: Harness, id: string, secret: string) {
  return h.fetch(`${h.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic(id, secret) },
    body: "grant_type=client_credentials",
  });
}

const mcp = (h: Harness, token: string) => whoami(h, token);

describe("hybrid jwt+oauth2", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      AUTH_MODE: "jwt+oauth2",
      AUTH_CLIENTS: "alice:sub-alice:admin:jwt,bob:sub-bob:operator:oauth2,carol:sub-carol:auditor:jwt+oauth2",
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("each client gets the credentials of its own mode", () => {
    const has = (c: string, f: string) => existsSync(join(h.root, "clients", c, "secrets", f));
    expect([has("alice", ".token"), has("alice", ".secret_hash")]).toEqual([true, false]);
    expect([has("bob", ".token"), has("bob", ".secret_hash")]).toEqual([false, true]);
    expect([has("carol", ".token"), has("carol", ".secret_hash")]).toEqual([true, true]);
  });

  test("a token of the wrong kind for a client is refused", async () => {
    expect((await mcp(h, h.read("alice", ".token"))).status).toBe(200);
    expect((await clientCredentials(h, "alice", "anything")).status).toBe(401);
    const bob = await clientCredentials(h, "bob", h.read("bob", ".secret"));
    expect(bob.status).toBe(200);
    const bobToken = ((await bob.json()) as { access_token: string }).access_token;
    expect((await mcp(h, bobToken)).status).toBe(200);
    const carol = await clientCredentials(h, "carol", h.read("carol", ".secret"));
    const carolToken = ((await carol.json()) as { access_token: string }).access_token;
    expect((await mcp(h, carolToken)).status).toBe(200);
    expect((await mcp(h, h.read("carol", ".token"))).status).toBe(200);
    // Switch bob to jwt: his OAuth token is refused now, and his secret is gone.
    await h.restart({
      AUTH_CLIENTS: "alice:sub-alice:admin:jwt,bob:sub-bob:operator:jwt,carol:sub-carol:auditor:jwt+oauth2",
    });
    expect((await mcp(h, bobToken)).status).toBe(401);
    expect(existsSync(join(h.root, "clients", "bob", "secrets", ".secret_hash"))).toBe(false);
    expect((await mcp(h, h.read("bob", ".token"))).status).toBe(200);
  });
});

describe("brute force", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      AUTH_MODE: "jwt+oauth2",
      AUTH_CLIENTS: "alice:sub-alice:admin:jwt,bob:sub-bob:operator:oauth2",
      AUTH_FAIL_LIMIT: "3",
      AUTH_FAIL_WINDOW_SECONDS: "60",
      AUTH_BLACKLIST_DURATION_SECONDS: "600",
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("AUTH_FAIL_LIMIT wrong secrets block the IP on every surface, even with right credentials", async () => {
    const secret = h.read("bob", ".secret");
    for (let i = 0; i < 3; i++) expect((await clientCredentials(h, "bob", `guess-${i}`)).status).toBe(401);
    const blocked = await clientCredentials(h, "bob", secret);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(500);
    expect((await mcp(h, h.read("alice", ".token"))).status).toBe(429);
    const revoke = await h.fetch(`${h.issuer}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic("bob", secret) },
      body: "token=x",
    });
    expect(revoke.status).toBe(429);
    const login = await h.fetch(`${h.issuer}/authorize`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ request: "client_id=bob", csrf: "x", client_id: "bob", client_secret: secret }),
    });
    expect(login.status).not.toBe(302);
    const events = h.audit();
    expect(events.filter((e) => e.event === "auth.blocked")).toHaveLength(1);
    expect(events.filter((e) => e.event === "auth.failure" && e.reason === "bad_secret")).toHaveLength(3);
    expect(events.filter((e) => e.reason === "ip_blocked").length).toBeGreaterThanOrEqual(3);
    // The secret was never accepted, so the one-time file is still there.
    expect(existsSync(join(h.root, "clients", "bob", "secrets", ".secret"))).toBe(true);
    expect(allLogText(h.root)).not.toContain(secret);
  });
});
