/**
 * Against an `oauth2` instance of the compiled binary: an application registers through DCR
 * (RFC 7591), the person signs in with an AUTH_CLIENTS identity and consents, the code flow with
 * PKCE gives tokens acting as that identity, tools/list works, the refresh token rotates, and a
 * replayed refresh token is refused and revokes the whole family. Consent is remembered and can
 * be withdrawn with the CLI; `token secret` prints a new secret; registrations survive restarts
 * and are rate-limited.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import { type BinaryServer, mcpStatus, startBinaryServer } from "../support/binary-server.ts";
import { hidden } from "./oauth-helpers.ts";

let s: BinaryServer;
let secret = "";
const REDIRECT = "http://127.0.0.1:47111/oauth/callback";

beforeAll(async () => {
  s = await startBinaryServer({
    AUTH_MODE: "oauth2",
    AUTH_CLIENTS: "alice:sub-alice:auditor",
    AUTH_OAUTH_TOKEN_EXPIRY_SECONDS: "60",
    AUTH_OAUTH_REGISTRATION_RATE_PER_HOUR: "3",
  });
  secret = s.read("alice", ".secret");
}, 120_000);
afterAll(async () => {
  await s.stop();
});

async function register(name = "Test Agent"): Promise<Response> {
  return s.fetch(`${s.issuer}/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: name, redirect_uris: [REDIRECT], token_endpoint_auth_method: "none" }),
  });
}

function form(values: Record<string, string>, cookie = ""): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams(values).toString(),
  };
}

/** Runs the browser part with fetch: the form, the credentials, the consent when asked; returns the code. */
async function signIn(clientId: string, challenge: string, consent: "allow" | "deny" | "expect-none" = "allow") {
  const url = `${s.issuer}/authorize?${new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: REDIRECT,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: "xyz",
    resource: `${s.issuer}/mcp`,
  })}`;
  const page = await s.fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("Test Agent");
  expect(html).toContain("127.0.0.1:47111");
  let cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  let answer = await s.fetch(
    `${s.issuer}/authorize`,
    form(
      { request: hidden(html, "request"), csrf: hidden(html, "csrf"), client_id: "alice", client_secret: secret },
      cookie,
    ),
  );
  if (consent !== "expect-none") {
    expect(answer.status).toBe(200);
    const question = await answer.text();
    expect(question).toContain("Allow access?");
    expect(question).toContain("alice");
    cookie = (answer.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    answer = await s.fetch(
      `${s.issuer}/authorize`,
      form(
        {
          request: hidden(question, "request"),
          csrf: hidden(question, "csrf"),
          ticket: hidden(question, "ticket"),
          decision: consent,
        },
        cookie,
      ),
    );
  }
  expect(answer.status).toBe(302);
  const location = new URL(answer.headers.get("location")!);
  expect(location.origin + location.pathname).toBe(REDIRECT);
  return location.searchParams;
}

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

async function token(values: Record<string, string>) {
  const res = await s.fetch(`${s.issuer}/token`, form(values));
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

let clientId = "";

describe("DCR, sign-in as an identity, refresh rotation (compiled binary, oauth2)", () => {
  test("a registered application completes the code flow with PKCE and calls tools/list as the identity", async () => {
    const registered = await register();
    expect(registered.status).toBe(201);
    const info = (await registered.json()) as Record<string, unknown>;
    expect(info.token_endpoint_auth_method).toBe("none");
    clientId = String(info.client_id);
    const { verifier, challenge } = pkce();
    const params = await signIn(clientId, challenge);
    expect(params.get("state")).toBe("xyz");
    expect(params.get("iss")).toBe(s.issuer);
    const tokens = await token({
      grant_type: "authorization_code",
      client_id: clientId,
      code: params.get("code")!,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      resource: `${s.issuer}/mcp`,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body.refresh_token).toBeString();
    const claims = JSON.parse(Buffer.from(tokens.body.access_token!.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({ sub: "sub-alice", client_id: "alice", azp: clientId });
    expect(claims.aud).toContain(`${s.issuer}/mcp`);
    expect(await mcpStatus(s, tokens.body.access_token)).toBe(200);

    // Refresh: a new pair; the old refresh token replayed revokes the family, access tokens included.
    const first = tokens.body.refresh_token!;
    const refreshed = await token({ grant_type: "refresh_token", client_id: clientId, refresh_token: first });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first);
    expect(await mcpStatus(s, refreshed.body.access_token)).toBe(200);
    const replay = await token({ grant_type: "refresh_token", client_id: clientId, refresh_token: first });
    expect(replay).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(await mcpStatus(s, refreshed.body.access_token)).toBe(401);
    const second = await token({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: refreshed.body.refresh_token!,
    });
    expect(second.status).toBe(400);
    expect(s.audit().some((e) => e.event === "auth.refresh_reuse")).toBe(true);
  }, 120_000);

  test("consent is remembered across restarts, withdrawn by the CLI, and the registration survives", async () => {
    await s.restart();
    const { verifier, challenge } = pkce();
    const params = await signIn(clientId, challenge, "expect-none");
    const tokens = await token({
      grant_type: "authorization_code",
      client_id: clientId,
      code: params.get("code")!,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    expect(tokens.status).toBe(200);
    const listed = s.cli(["consent", "list"]);
    expect(listed.out).toContain(clientId);
    expect(s.cli(["consent", "withdraw", "alice", clientId]).code).toBe(0);
    const refused = await token({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: tokens.body.refresh_token!,
    });
    expect(refused.status).toBe(400);
    expect(await mcpStatus(s, tokens.body.access_token)).toBe(401);
    const again = pkce();
    const denied = await signIn(clientId, again.challenge, "deny");
    expect(denied.get("error")).toBe("access_denied");
  }, 120_000);

  test("token secret prints a new secret that signs in", async () => {
    const printed = s.cli(["token", "secret", "alice"]);
    expect(printed.code).toBe(0);
    const old = secret;
    secret = printed.out.split("\n").at(-1)!.trim();
    expect(secret).not.toBe(old);
    const { verifier, challenge } = pkce();
    const params = await signIn(clientId, challenge);
    const tokens = await token({
      grant_type: "authorization_code",
      client_id: clientId,
      code: params.get("code")!,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    expect(tokens.status).toBe(200);
  }, 120_000);

  test("POST /revoke with a refresh token ends that sign-in: its access token and refresh token are refused", async () => {
    const { verifier, challenge } = pkce();
    const params = await signIn(clientId, challenge, "expect-none");
    const tokens = await token({
      grant_type: "authorization_code",
      client_id: clientId,
      code: params.get("code")!,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    expect(await mcpStatus(s, tokens.body.access_token)).toBe(200);
    const revoked = await s.fetch(
      `${s.issuer}/revoke`,
      form({ client_id: clientId, token: tokens.body.refresh_token!, token_type_hint: "refresh_token" }),
    );
    expect(revoked.status).toBe(200);
    expect(await mcpStatus(s, tokens.body.access_token)).toBe(401);
    const after = await token({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: tokens.body.refresh_token!,
    });
    expect(after.status).toBe(400);
  }, 60_000);

  test("registration refuses bad redirect URIs and is rate-limited per address", async () => {
    const bad = await s.fetch(`${s.issuer}/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ redirect_uris: ["https://evil.example/cb#x"] }),
    });
    expect(bad.status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await register(`Agent ${i}`)).status);
    expect(statuses).toContain(429);
  }, 60_000);
});
