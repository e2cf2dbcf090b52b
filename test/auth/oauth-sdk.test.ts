/**
 * OAuth 2.1 mode end to end with the MCP SDK 1.x client: discovery from the 401 challenge,
 * client_credentials through `ClientCredentialsProvider` (client_secret_basic), the
 * authorization_code + PKCE flow through an `OAuthClientProvider` and
 * `transport.finishAuth(code)` (client_secret_post), then `bridge_whoami` on the real MCP endpoint with the token.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { auth, extractResourceMetadataUrl } from "@modelcontextprotocol/sdk/client/auth.js";
import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { allLogText, type Harness, startHarness, whoami } from "./harness.ts";
import { LoginFormProvider } from "./oauth-helpers.ts";

let h: Harness;
const secrets: Record<string, string> = {};
const tokens: string[] = [];

beforeAll(async () => {
  h = await startHarness({ AUTH_MODE: "oauth2", AUTH_CLIENTS: "m2m:sub-m2m:operator,ide:sub-ide:admin" });
  secrets.m2m = h.read("m2m", ".secret");
  secrets.ide = h.read("ide", ".secret");
});
afterAll(async () => {
  const logs = allLogText(h.root);
  for (const value of [...Object.values(secrets), ...tokens]) expect(logs).not.toContain(value);
  await h.stop();
});

const sdkFetch = (url: string | URL, init?: RequestInit) => h.fetch(url, init);
const callMcp = async (token: string) => {
  const res = await whoami(h, token);
  return { status: res.status, body: { principal: res.principal } };
};

describe("OAuth 2.1 with the MCP SDK client", () => {
  test("secrets are generated 600 with a bcrypt hash; metadata advertises registration and metadata documents", async () => {
    for (const name of ["m2m", "ide"]) {
      expect(statSync(join(h.root, "clients", name, "secrets", ".secret")).mode & 0o777).toBe(0o600);
      expect(h.read(name, ".secret_hash").startsWith("$2")).toBe(true);
      expect(existsSync(join(h.root, "clients", name, "secrets", ".token"))).toBe(false);
    }
    const meta = (await (await h.fetch(`${h.issuer}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(meta.issuer).toBe(h.issuer);
    expect(meta.registration_endpoint).toBe(`${h.issuer}/register`);
    expect(meta.client_id_metadata_document_supported).toBe(true);
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.grant_types_supported).toEqual(["authorization_code", "refresh_token", "client_credentials"]);
    const root = await (await h.fetch(`${h.issuer}/.well-known/oauth-protected-resource`)).json();
    expect(root).toMatchObject({ resource: `${h.issuer}/mcp`, authorization_servers: [h.issuer] });
  });

  test("client_credentials via ClientCredentialsProvider; .secret deleted after first use", async () => {
    const challenge = await h.fetch(`${h.issuer}/mcp`, { method: "POST" });
    expect(challenge.status).toBe(401);
    const resourceMetadataUrl = extractResourceMetadataUrl(challenge);
    expect(String(resourceMetadataUrl)).toBe(`${h.issuer}/.well-known/oauth-protected-resource/mcp`);
    const provider = new ClientCredentialsProvider({
      clientId: "m2m",
      clientSecret: secrets.m2m!,
      expectedIssuer: h.issuer,
    });
    const result = await auth(provider, { serverUrl: `${h.issuer}/mcp`, resourceMetadataUrl, fetchFn: sdkFetch });
    expect(result).toBe("AUTHORIZED");
    const token = provider.tokens()?.access_token ?? "";
    tokens.push(token);
    const [, body = ""] = token.split(".");
    const claims = JSON.parse(Buffer.from(body, "base64url").toString());
    expect(claims.aud).toEqual([`${h.issuer}/mcp`, "mcp-clients"]);
    expect(claims.exp - claims.iat).toBe(3600);
    const answer = await callMcp(token);
    expect(answer.status).toBe(200);
    expect(answer.body.principal).toMatchObject({ clientName: "m2m", subject: "sub-m2m", tokenKind: "oauth2" });
    expect(existsSync(join(h.root, "clients", "m2m", "secrets", ".secret"))).toBe(false);
    expect(h.read("m2m", ".secret_hash").startsWith("$2")).toBe(true);
  });

  test("client_secret_post works; token answers are no-store", async () => {
    const res = await h.fetch(`${h.issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "m2m",
        client_secret: secrets.m2m!,
        resource: `${h.issuer}/mcp`,
      }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const json = (await res.json()) as { access_token: string; token_type: string };
    tokens.push(json.access_token);
    expect(json.token_type).toBe("Bearer");
  });

  test("authorization_code + PKCE via an OAuthClientProvider and transport.finishAuth", async () => {
    const redirectUrl = "http://127.0.0.1:33333/callback";
    const provider = new LoginFormProvider(h, "ide", secrets.ide!, redirectUrl);
    const first = await auth(provider, { serverUrl: `${h.issuer}/mcp`, fetchFn: sdkFetch });
    expect(first).toBe("REDIRECT");
    expect(provider.code).toBeDefined();
    expect(provider.location?.searchParams.get("iss")).toBe(h.issuer);
    expect(`${provider.location?.origin}${provider.location?.pathname}`).toBe(redirectUrl);
    const transport = new StreamableHTTPClientTransport(new URL(`${h.issuer}/mcp`), {
      authProvider: provider,
      fetch: sdkFetch,
    });
    await transport.finishAuth(provider.code!);
    const token = provider.tokens()?.access_token ?? "";
    tokens.push(token);
    const answer = await callMcp(token);
    expect(answer.status).toBe(200);
    expect(answer.body.principal).toMatchObject({ clientName: "ide", profile: "admin", tokenKind: "oauth2" });
    // The code was single-use: the SDK cannot redeem it twice.
    await expect(transport.finishAuth(provider.code!)).rejects.toThrow();
  });

  test("POST /revoke (RFC 7009) refuses the token at once and after a restart", async () => {
    const provider = new ClientCredentialsProvider({
      clientId: "m2m",
      clientSecret: secrets.m2m!,
      expectedIssuer: h.issuer,
    });
    await auth(provider, { serverUrl: `${h.issuer}/mcp`, fetchFn: sdkFetch });
    const token = provider.tokens()?.access_token ?? "";
    tokens.push(token);
    expect((await callMcp(token)).status).toBe(200);
    const basic = `Basic ${Buffer.from(`m2m:${secrets.m2m}`).toString("base64")}`;
    const res = await h.fetch(`${h.issuer}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic },
      body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
    });
    expect(res.status).toBe(200);
    expect((await callMcp(token)).status).toBe(401);
    await h.restart();
    expect((await callMcp(token)).status).toBe(401);
    expect(h.audit().some((e) => e.event === "token.revoked" && e.via === "revoke_endpoint")).toBe(true);
  });
});
