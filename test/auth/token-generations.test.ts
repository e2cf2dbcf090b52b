/**
 * Token generations against the compiled binary: renewal, revocation, purge with re-add and a
 * subject change each leave every earlier token of the client refused, also after restarts;
 * the IP block list survives a restart; `auth.success` is audited once per token, not per
 * request.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { type BinaryServer, mcpStatus, startBinaryServer } from "../support/binary-server.ts";

let s: BinaryServer;
const ALICE = "alice:sub-alice:admin:jwt";
const BOB = "bob:sub-bob:auditor";

beforeAll(async () => {
  s = await startBinaryServer({ AUTH_MODE: "jwt+oauth2", AUTH_CLIENTS: `${ALICE},${BOB}` });
}, 120_000);
afterAll(async () => {
  await s.stop();
});

/** An OAuth access token of bob through the client_credentials grant. */
async function bobAccessToken(): Promise<string> {
  const res = await s.fetch(`${s.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: "bob",
      client_secret: bobSecret,
    }).toString(),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}
let bobSecret = "";

describe("token generations (compiled binary)", () => {
  test("renewal of a missing token file: the previous token is refused", async () => {
    bobSecret = s.read("bob", ".secret");
    const first = s.read("alice", ".token");
    expect(await mcpStatus(s, first)).toBe(200);
    rmSync(join(s.root, "clients", "alice", "secrets", ".token"));
    await s.restart();
    const second = s.read("alice", ".token");
    expect(second).not.toBe(first);
    expect(await mcpStatus(s, first)).toBe(401);
    expect(await mcpStatus(s, second)).toBe(200);
    expect(s.audit().some((e) => e.event === "auth.failure" && e.reason === "superseded")).toBe(true);
  }, 120_000);

  test("renewal after AUTH_TOKEN_EXPIRY_DAYS is lowered: the previous token is refused", async () => {
    const before = s.read("alice", ".token");
    await s.restart({ AUTH_TOKEN_EXPIRY_DAYS: "30" });
    expect(await mcpStatus(s, before)).toBe(401);
    expect(await mcpStatus(s, s.read("alice", ".token"))).toBe(200);
  }, 120_000);

  test("token revoke: the JWT and every OAuth token of the client are refused at once and after a restart", async () => {
    const access = await bobAccessToken();
    expect(await mcpStatus(s, access)).toBe(200);
    const revokeBob = s.cli(["token", "revoke", "bob"]);
    expect(revokeBob.code).toBe(0);
    expect(await mcpStatus(s, access)).toBe(401);
    const alice = s.read("alice", ".token");
    expect(s.cli(["token", "revoke", "alice"]).code).toBe(0);
    expect(await mcpStatus(s, alice)).toBe(401);
    const fresh = s.read("alice", ".token");
    expect(await mcpStatus(s, fresh)).toBe(200);
    await s.restart();
    expect(await mcpStatus(s, alice)).toBe(401);
    expect(await mcpStatus(s, access)).toBe(401);
    expect(await mcpStatus(s, fresh)).toBe(200);
    expect(await mcpStatus(s, await bobAccessToken())).toBe(200);
  }, 120_000);

  test("purge then re-add: no token from before the purge works again", async () => {
    const alice = s.read("alice", ".token");
    const access = await bobAccessToken();
    await s.restart({ AUTH_CLIENTS: BOB });
    expect(await mcpStatus(s, alice)).toBe(401);
    await s.restart({ AUTH_CLIENTS: `${ALICE},${BOB}` });
    expect(await mcpStatus(s, alice)).toBe(401);
    expect(await mcpStatus(s, s.read("alice", ".token"))).toBe(200);
    // bob was purged in the same way, through the other order of changes
    await s.restart({ AUTH_CLIENTS: ALICE });
    await s.restart({ AUTH_CLIENTS: `${ALICE},${BOB}` });
    expect(await mcpStatus(s, access)).toBe(401);
    bobSecret = s.read("bob", ".secret");
    expect(await mcpStatus(s, await bobAccessToken())).toBe(200);
  }, 180_000);

  test("subject changed and changed back: earlier tokens stay refused", async () => {
    const alice = s.read("alice", ".token");
    const access = await bobAccessToken();
    await s.restart({ AUTH_CLIENTS: `alice:sub-alice-2:admin:jwt,bob:sub-bob-2:auditor` });
    await s.restart({ AUTH_CLIENTS: `${ALICE},${BOB}` });
    expect(await mcpStatus(s, alice)).toBe(401);
    expect(await mcpStatus(s, access)).toBe(401);
    expect(await mcpStatus(s, s.read("alice", ".token"))).toBe(200);
  }, 120_000);

  test("auth.success is audited once per token, not per request", async () => {
    const token = s.read("alice", ".token");
    const jti = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).jti;
    for (let i = 0; i < 5; i++) expect(await mcpStatus(s, token)).toBe(200);
    const successes = s.audit().filter((e) => e.event === "auth.success" && e.jti === jti);
    expect(successes).toHaveLength(1);
  }, 60_000);

  test("an IP block survives a restart", async () => {
    await s.restart({ AUTH_FAIL_LIMIT: "3" });
    for (let i = 0; i < 3; i++) expect(await mcpStatus(s, "not-a-token")).toBe(401);
    const good = s.read("alice", ".token");
    expect(await mcpStatus(s, good)).toBe(429);
    await s.restart();
    expect(await mcpStatus(s, good)).toBe(429);
  }, 120_000);
});
