/**
 * What a client without a token learns, against the compiled binary: in jwt mode a plain 401
 * that says a bearer token is required and where the administrator finds it, and no OAuth
 * metadata at all; in oauth2 mode a challenge pointing at the protected-resource metadata,
 * which names the authorization server, whose RFC 8414 metadata answers at both forms.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { type BinaryServer, startBinaryServer } from "../support/binary-server.ts";

const servers: BinaryServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

async function postMcp(s: BinaryServer): Promise<Response> {
  return s.fetch(`${s.issuer}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });
}

describe("discovery (compiled binary)", () => {
  test("jwt mode: plain 401 with a Bearer challenge and a body naming the token command; no OAuth metadata", async () => {
    const s = await startBinaryServer({ AUTH_MODE: "jwt", AUTH_CLIENTS: "alice:sub-alice:admin" });
    servers.push(s);
    const res = await postMcp(s);
    expect(res.status).toBe(401);
    const challenge = res.headers.get("www-authenticate") ?? "";
    expect(challenge).toStartWith("Bearer");
    expect(challenge).not.toContain("resource_metadata");
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe("unauthorized");
    expect(body.message).toContain("bearer token is required");
    expect(body.message).toContain("ai-bridge token show <client>");
    expect(JSON.stringify(body)).not.toContain("authorization_server");
    for (const path of [
      "oauth-protected-resource",
      "oauth-protected-resource/mcp",
      "oauth-authorization-server",
      "oauth-authorization-server/mcp",
    ]) {
      expect({ path, status: (await s.fetch(`${s.issuer}/.well-known/${path}`)).status }).toEqual({
        path,
        status: 404,
      });
    }
  }, 120_000);

  test("oauth2 mode: the challenge leads to resource metadata naming the server, RFC 8414 at both forms", async () => {
    const s = await startBinaryServer({ AUTH_MODE: "oauth2", AUTH_CLIENTS: "ide:sub-ide:admin" });
    servers.push(s);
    const res = await postMcp(s);
    expect(res.status).toBe(401);
    const prmUrl = `${s.issuer}/.well-known/oauth-protected-resource/mcp`;
    expect(res.headers.get("www-authenticate")).toContain(`resource_metadata="${prmUrl}"`);
    for (const url of [prmUrl, `${s.issuer}/.well-known/oauth-protected-resource`]) {
      const prm = (await (await s.fetch(url)).json()) as Record<string, unknown>;
      expect(prm).toMatchObject({ resource: `${s.issuer}/mcp`, authorization_servers: [s.issuer] });
    }
    for (const path of ["oauth-authorization-server", "oauth-authorization-server/mcp"]) {
      const meta = await s.fetch(`${s.issuer}/.well-known/${path}`);
      expect(meta.status).toBe(200);
      expect(meta.headers.get("content-type")).toContain("application/json");
      expect(await meta.json()).toMatchObject({
        issuer: s.issuer,
        authorization_endpoint: `${s.issuer}/authorize`,
        token_endpoint: `${s.issuer}/token`,
        code_challenge_methods_supported: ["S256"],
      });
    }
  }, 120_000);
});
