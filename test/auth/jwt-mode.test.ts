/**
 * JWT mode end to end: client lifecycle (create, keep byte for byte, renew, purge), the
 * bearer guard in front of the real MCP endpoint (bridge_whoami), `token show` / `token revoke` through the CLI, and
 * the token attacks of TARGETS.md, each refused with 401 and an audited failure.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SignJWT, UnsecuredJWT } from "jose";
import { allLogText, type Harness, startHarness, whoami } from "./harness.ts";

const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ AUTH_MODE: "jwt", AUTH_CLIENTS: "alice:sub-alice:admin,bob:sub-bob:auditor" });
});
afterAll(async () => {
  await h.stop();
});

const mcp = (token: string | undefined, query = "") => whoami(h, token, query);

async function craft(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const key = createPrivateKey(readFileSync(join(h.root, "secrets", "rsa_private.pem"), "utf8"));
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ client_id: "alice", ...claims })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...header })
    .setIssuer(String(claims.iss ?? h.issuer))
    .setAudience((claims.aud as string) ?? "mcp-clients")
    .setSubject(String(claims.sub ?? "sub-alice"))
    .setIssuedAt(Number(claims.iat ?? now))
    .setExpirationTime(Number(claims.exp ?? now + 600))
    .setJti(String(claims.jti ?? crypto.randomUUID()))
    .sign(key);
}

function cli(...args: string[]) {
  const proc = Bun.spawnSync([process.execPath, MAIN, "--root", h.root, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, out: proc.stdout.toString().trim(), err: proc.stderr.toString().trim() };
}

describe("JWT mode", () => {
  test("each client gets .uuid, reports/, custom/ and a 600 .token with the seed's claims", () => {
    for (const name of ["alice", "bob"]) {
      const dir = join(h.root, "clients", name);
      expect(readFileSync(join(dir, "secrets", ".uuid"), "utf8").trim()).toHaveLength(36);
      expect(existsSync(join(dir, "reports"))).toBe(true);
      expect(existsSync(join(dir, "custom"))).toBe(true);
      expect(statSync(join(dir, "secrets", ".token")).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, "secrets")).mode & 0o777).toBe(0o700);
    }
    const [, body = ""] = h.read("alice", ".token").split(".");
    const claims = JSON.parse(Buffer.from(body, "base64url").toString());
    expect(Object.keys(claims).sort()).toEqual(["aud", "client_id", "exp", "iat", "iss", "jti", "sub"]);
    expect(claims).toMatchObject({ sub: "sub-alice", iss: h.issuer, aud: "mcp-clients", client_id: "alice" });
    expect(claims.exp - claims.iat).toBe(365 * 86_400);
  });

  test("a valid token reaches /mcp with the principal; no token gets a plain Bearer challenge", async () => {
    const ok = await mcp(h.read("alice", ".token"));
    expect(ok.status).toBe(200);
    expect(ok.principal).toMatchObject({
      clientName: "alice",
      subject: "sub-alice",
      profile: "admin",
      tokenKind: "jwt",
    });
    const none = await mcp(undefined);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="AI-Bridge for Cisco UC"');
    for (const path of ["oauth-protected-resource/mcp", "oauth-protected-resource", "oauth-authorization-server"]) {
      expect((await h.fetch(`${h.issuer}/.well-known/${path}`)).status).toBe(404);
    }
  });

  test("attack list: every forged, stale or misplaced token is refused with 401 and audited", async () => {
    const now = Math.floor(Date.now() / 1000);
    const good = h.read("alice", ".token");
    const publicPem = readFileSync(join(h.root, "secrets", "rsa_public.pem"));
    const hsWithPublicKey = await new SignJWT({ client_id: "alice" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(h.issuer)
      .setAudience("mcp-clients")
      .setSubject("sub-alice")
      .setIssuedAt()
      .setExpirationTime("10m")
      .setJti("hs")
      .sign(new Uint8Array(publicPem));
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const foreign = await new SignJWT({ client_id: "alice" })
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .setIssuer(h.issuer)
      .setAudience("mcp-clients")
      .setSubject("sub-alice")
      .setIssuedAt()
      .setExpirationTime("10m")
      .setJti("foreign")
      .sign(other);
    const cases: Record<string, string> = {
      alg_none: new UnsecuredJWT({ client_id: "alice", sub: "sub-alice", iss: h.issuer, aud: "mcp-clients", jti: "n" })
        .setIssuedAt()
        .setExpirationTime("10m")
        .encode(),
      hs256_with_public_key: hsWithPublicKey,
      foreign_key: foreign,
      wrong_iss: await craft({ iss: "https://evil.example" }),
      wrong_aud: await craft({ aud: "someone-else" }),
      expired: await craft({ iat: now - 7200, exp: now - 3600 }),
      not_yet_valid: await craft({ iat: now + 3600, exp: now + 7200 }),
      not_before_future: await craft({ nbf: now + 3600 }),
      wrong_subject: await craft({ sub: "sub-mallory" }),
      unknown_client: await craft({ client_id: "mallory" }),
      oauth_kind_for_jwt_client: await craft({ aud: `${h.issuer}/mcp` }, { typ: "at+jwt" }),
      truncated: good.slice(0, -10),
      oversized: `${good}${"A".repeat(9000)}`,
      garbage: "not-a-token",
    };
    const before = h.audit().filter((e) => e.event === "auth.failure").length;
    for (const [name, token] of Object.entries(cases)) {
      const res = await mcp(token);
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
    const inQuery = await mcp(undefined, `?access_token=${encodeURIComponent(good)}`);
    expect(inQuery.status).toBe(401);
    const failures = h.audit().filter((e) => e.event === "auth.failure");
    expect(failures.length - before).toBe(Object.keys(cases).length + 1);
    expect(failures.slice(before).map((e) => e.reason)).toEqual([
      "algorithm_not_allowed",
      "algorithm_not_allowed",
      "bad_signature",
      "claim_iss_invalid",
      "wrong_audience",
      "expired",
      "issued_in_future",
      "claim_nbf_invalid",
      "subject_changed",
      "unknown_client",
      "kind_not_allowed",
      "bad_signature",
      "token_too_long",
      "malformed",
      "token_in_query",
    ]);
  });

  test("token show / token revoke: refused at once by the running server and after a restart", async () => {
    const shown = cli("token", "show", "alice");
    expect(shown.code).toBe(0);
    expect(shown.out).toBe(h.read("alice", ".token"));
    expect((await mcp(shown.out)).status).toBe(200);
    const revoked = cli("token", "revoke", "alice");
    expect(revoked.code).toBe(0);
    expect((await mcp(shown.out)).status).toBe(401);
    const fresh = h.read("alice", ".token");
    expect(fresh).not.toBe(shown.out);
    expect((await mcp(fresh)).status).toBe(200);
    await h.restart();
    expect((await mcp(shown.out)).status).toBe(401);
    expect(h.read("alice", ".token")).toBe(fresh);
    expect((await mcp(fresh)).status).toBe(200);
    expect(statSync(join(h.root, "secrets", "revoked_jti.json")).mode & 0o777).toBe(0o600);
    expect(cli("token", "show", "nobody").code).toBe(1);
  }, 60_000);

  test("lifecycle: keep, renew when tampered / expired / subject changed, purge", async () => {
    const bobBefore = h.read("bob", ".token");
    const aliceBefore = h.read("alice", ".token");
    await h.restart();
    expect(h.read("bob", ".token")).toBe(bobBefore);
    // Tampered signature → renewed.
    writeFileSync(join(h.root, "clients", "bob", "secrets", ".token"), `${bobBefore.slice(0, -4)}AAAA\n`);
    // Expired → renewed.
    const now = Math.floor(Date.now() / 1000);
    writeFileSync(join(h.root, "clients", "alice", "secrets", ".token"), await craft({ iat: now - 99, exp: now - 9 }));
    await h.restart();
    const bobAfter = h.read("bob", ".token");
    expect(bobAfter).not.toBe(bobBefore);
    expect(h.read("alice", ".token")).not.toBe(aliceBefore);
    expect((await mcp(bobAfter)).status).toBe(200);
    const renewed = h.audit().filter((e) => e.event === "client.token_renewed");
    expect(renewed.map((e) => e.reason).sort()).toEqual(expect.arrayContaining(["bad_signature", "expired"]));
    // Subject change → renewed, old token refused.
    await h.restart({ AUTH_CLIENTS: "alice:sub-alice:admin,bob:sub-bob-2:auditor" });
    expect((await mcp(bobAfter)).status).toBe(401);
    expect((await mcp(h.read("bob", ".token"))).status).toBe(200);
    // Purge: bob removed → directory gone, token refused.
    const bobToken = h.read("bob", ".token");
    await h.restart({ AUTH_CLIENTS: "alice:sub-alice:admin" });
    expect(existsSync(join(h.root, "clients", "bob"))).toBe(false);
    expect((await mcp(bobToken)).status).toBe(401);
    expect(h.audit().some((e) => e.event === "client.purged" && e.client === "bob")).toBe(true);
    // Lifetime change (AUTH_TOKEN_EXPIRY_DAYS) → renewed.
    await h.restart({ AUTH_TOKEN_EXPIRY_DAYS: "30" });
    expect(h.audit().some((e) => e.event === "client.token_renewed" && e.reason === "lifetime_changed")).toBe(true);
  }, 60_000);

  test("a client naming a missing profile stops the start with a clear error", async () => {
    await h.app.stop();
    const { startAppliance } = await import("../../src/appliance/startup.ts");
    const { applianceLayers } = await import("../../src/appliance/layers.ts");
    writeFileSync(
      join(h.root, ".env"),
      readFileSync(join(h.root, ".env"), "utf8").replace("alice:sub-alice:admin", "alice:sub-alice:ghost"),
    );
    await expect(
      startAppliance({ root: h.root, portOverride: h.port, layers: applianceLayers(), consoleWrite: () => {} }),
    ).rejects.toThrow('client "alice" names profile "ghost", which has no profiles/ghost.json');
    const serve = cli("serve", "--port", "0");
    expect(serve.code).toBe(1);
    expect(serve.err).toContain('client "alice" names profile "ghost"');
    await h.restart({ AUTH_CLIENTS: "alice:sub-alice:admin" });
  }, 60_000);

  test("no token, key or secret appears in any log", () => {
    const logs = allLogText(h.root);
    expect(logs).not.toContain(h.read("alice", ".token"));
    expect(logs).not.toContain("BEGIN PRIVATE KEY");
    expect(logs).not.toContain(
      createPublicKey(readFileSync(join(h.root, "secrets", "rsa_private.pem")))
        .export({ type: "spki", format: "pem" })
        .toString()
        .split("\n")[1]!,
    );
  });
});
