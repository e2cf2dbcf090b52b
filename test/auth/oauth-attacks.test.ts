/**
 * OAuth 2.1 attacks of TARGETS.md against a strict-redirect server: PKCE required and S256
 * only, code reuse (and the token from the first use revoked), code for another client or
 * redirect URI, wrong verifier, unknown and tricky redirect URIs, CSRF, wrong secrets,
 * a JWT-kind token for an OAuth-only client. Every refusal is audited.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash, createPrivateKey, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SignJWT } from "jose";
import { allLogText, type Harness, startHarness, whoami } from "./harness.ts";
import { hidden, submitLogin } from "./oauth-helpers.ts";

let h: Harness;
const secrets: Record<string, string> = {};
const CALLBACK = "http://127.0.0.1:40000/callback";

beforeAll(async () => {
  h = await startHarness({
    AUTH_MODE: "oauth2",
    AUTH_CLIENTS: "ide:sub-ide:admin,other:sub-other:auditor",
    AUTH_OAUTH_REDIRECT_URI_ENFORCEMENT: "strict",
    AUTH_OAUTH_REDIRECT_URIS: JSON.stringify({ ide: ["http://127.0.0.1:*/callback"], other: [CALLBACK] }),
  });
  secrets.ide = h.read("ide", ".secret");
  secrets.other = h.read("other", ".secret");
});
afterAll(async () => {
  const logs = allLogText(h.root);
  for (const value of Object.values(secrets)) expect(logs).not.toContain(value);
  await h.stop();
});

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authorizeUrl(values: Record<string, string>): string {
  const params = new URLSearchParams({
    response_type: "code",
    client_id: "ide",
    redirect_uri: CALLBACK,
    code_challenge_method: "S256",
    state: "st-1",
    resource: `${h.issuer}/mcp`,
    ...values,
  });
  return `${h.issuer}/authorize?${params}`;
}

async function codeFor(client: string, challenge: string, redirect = CALLBACK): Promise<string> {
  const res = await submitLogin(
    h,
    authorizeUrl({ client_id: client, code_challenge: challenge, redirect_uri: redirect }),
    client,
    secrets[client]!,
  );
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location") ?? "");
  expect(location.searchParams.get("state")).toBe("st-1");
  return location.searchParams.get("code") ?? "";
}

const exchange = (client: string, values: Record<string, string>) =>
  h.fetch(`${h.issuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${client}:${secrets[client]}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "authorization_code", redirect_uri: CALLBACK, ...values }).toString(),
  });

const failures = () =>
  h
    .audit()
    .filter((e) => e.event === "auth.failure")
    .map((e) => e.reason);

describe("OAuth attacks", () => {
  test("code reuse is refused and revokes the token of the first use", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor("ide", challenge);
    const first = await exchange("ide", { code, code_verifier: verifier });
    expect(first.status).toBe(200);
    const { access_token } = (await first.json()) as { access_token: string };
    const mcp = () => whoami(h, access_token);
    expect((await mcp()).status).toBe(200);
    const again = await exchange("ide", { code, code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe("invalid_grant");
    expect((await mcp()).status).toBe(401);
    expect(failures()).toContain("code_reused");
  });

  test("code for another client, another redirect URI, a wrong verifier: invalid_grant", async () => {
    const a = pkce();
    const code1 = await codeFor("ide", a.challenge);
    expect((await exchange("other", { code: code1, code_verifier: a.verifier })).status).toBe(400);
    // Another client's failed attempt does not consume the code: its own client still redeems it.
    expect((await exchange("ide", { code: code1, code_verifier: a.verifier })).status).toBe(200);
    const code2 = await codeFor("ide", a.challenge);
    expect(
      (
        await exchange("ide", {
          code: code2,
          code_verifier: a.verifier,
          redirect_uri: "http://127.0.0.1:40001/callback",
        })
      ).status,
    ).toBe(400);
    const code3 = await codeFor("ide", a.challenge);
    expect((await exchange("ide", { code: code3, code_verifier: pkce().verifier })).status).toBe(400);
    const code4 = await codeFor("ide", a.challenge);
    expect((await exchange("ide", { code: code4 })).status).toBe(400);
    expect(failures()).toEqual(
      expect.arrayContaining(["code_for_other_client", "redirect_uri_mismatch", "pkce_failed"]),
    );
  });

  test("PKCE is required, S256 only: refused through the redirect with state and iss", async () => {
    const { challenge } = pkce();
    const cases: Array<Record<string, string>> = [
      { code_challenge: challenge, code_challenge_method: "plain" },
      { code_challenge: "" },
    ];
    for (const values of cases) {
      const res = await h.fetch(authorizeUrl(values));
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get("location") ?? "");
      expect(location.searchParams.get("error")).toBe("invalid_request");
      expect(location.searchParams.get("state")).toBe("st-1");
      expect(location.searchParams.get("iss")).toBe(h.issuer);
    }
  });

  test("unknown or tricky redirect URIs and unknown clients get a page, never a redirect", async () => {
    const { challenge } = pkce();
    for (const redirect of [
      "https://evil.example/callback",
      "http://127.0.0.1:40000/callback/../../evil",
      "http://127.0.0.1:40000/callback#x",
      "http://evil.example@127.0.0.1:40000/callback",
      "http://127.0.0.1:40000.evil.example/callback",
      "javascript:alert(1)",
    ]) {
      const res = await h.fetch(authorizeUrl({ code_challenge: challenge, redirect_uri: redirect }));
      expect({ redirect, status: res.status }).toEqual({ redirect, status: 400 });
      expect(res.headers.get("location")).toBeNull();
    }
    const unknown = await h.fetch(authorizeUrl({ code_challenge: challenge, client_id: "mallory" }));
    expect(unknown.status).toBe(400);
  });

  test("login form: strict CSP, __Host- cookie, CSRF enforced, wrong secret gets a generic error", async () => {
    const { challenge } = pkce();
    const page = await h.fetch(authorizeUrl({ code_challenge: challenge }));
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' http://127.0.0.1:40000");
    const cookie = page.headers.get("set-cookie") ?? "";
    expect(cookie).toContain("__Host-aib-login=");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Strict");
    const html = await page.text();
    expect(html).not.toContain("<script");
    const post = (cookieValue: string, secret: string) =>
      h.fetch(`${h.issuer}/authorize`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieValue },
        body: new URLSearchParams({
          request: hidden(html, "request"),
          csrf: hidden(html, "csrf"),
          client_id: "ide",
          client_secret: secret,
        }).toString(),
      });
    expect((await post("", secrets.ide!)).status).toBe(403);
    expect((await post("__Host-aib-login=forged", secrets.ide!)).status).toBe(403);
    const wrong = await post(cookie.split(";")[0]!, "not-the-secret");
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(text).toContain("These credentials were not accepted");
    expect(failures()).toEqual(expect.arrayContaining(["csrf", "bad_secret"]));
  });

  test("token endpoint: wrong secret, both auth methods, unknown grant, wrong resource", async () => {
    const post = (headers: Record<string, string>, body: Record<string, string>) =>
      h.fetch(`${h.issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(body).toString(),
      });
    const basic = `Basic ${Buffer.from(`ide:${secrets.ide}`).toString("base64")}`;
    const badBasic = await post(
      { authorization: `Basic ${Buffer.from("ide:nope").toString("base64")}` },
      { grant_type: "client_credentials" },
    );
    expect(badBasic.status).toBe(401);
    expect(badBasic.headers.get("www-authenticate")).toContain("Basic");
    expect(
      (await post({ authorization: basic }, { grant_type: "client_credentials", client_secret: secrets.ide! })).status,
    ).toBe(401);
    expect((await post({ authorization: basic }, { grant_type: "password" })).status).toBe(400);
    const target = await post(
      { authorization: basic },
      { grant_type: "client_credentials", resource: "https://evil.example/mcp" },
    );
    expect(((await target.json()) as { error: string }).error).toBe("invalid_target");
  });

  test("a JWT-mode token is refused for an OAuth-only client", async () => {
    const key = createPrivateKey(readFileSync(join(h.root, "secrets", "rsa_private.pem"), "utf8"));
    const token = await new SignJWT({ client_id: "ide" })
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .setIssuer(h.issuer)
      .setAudience("mcp-clients")
      .setSubject("sub-ide")
      .setIssuedAt()
      .setExpirationTime("10m")
      .setJti("jwt-for-oauth-client")
      .sign(key);
    const res = await whoami(h, token);
    expect(res.status).toBe(401);
    expect(failures()).toContain("kind_not_allowed");
  });
});
