/**
 * The MCP SDK client's own OAuth provider against an `oauth2` instance of the compiled binary,
 * with a Client ID Metadata Document the test serves over HTTPS: discovery, the URL client_id
 * (no registration), sign-in as an AUTH_CLIENTS identity with consent, tools/list; after the
 * access token expires the SDK refreshes on its own and the next call works. A document whose
 * client_id is not its own URL, and one on a private address not allowed by configuration, are
 * refused with an error page.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { auth, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { type BinaryServer, startBinaryServer } from "../support/binary-server.ts";
import { freePort } from "../support/net.ts";
import { hidden } from "./oauth-helpers.ts";

let s: BinaryServer;
let docs: ReturnType<typeof Bun.serve>;
const docPort = freePort();
const CLIENT_ID = `https://localhost:${docPort}/agent/client.json`;
const REDIRECT = "http://127.0.0.1:47222/callback";
const TOKEN_SECONDS = 60;
/** The verifier's clock skew: a token is refused this long after its `exp`. */
const SKEW_SECONDS = 30;

beforeAll(async () => {
  s = await startBinaryServer({
    AUTH_MODE: "oauth2",
    AUTH_CLIENTS: "alice:sub-alice:auditor",
    AUTH_OAUTH_TOKEN_EXPIRY_SECONDS: String(TOKEN_SECONDS),
    AUTH_OAUTH_CLIENT_METADATA_PRIVATE_HOSTS: "localhost",
    AUTH_OAUTH_CLIENT_METADATA_CA_FILE: "./secrets/server.crt",
  });
  // The documents are served with the appliance's own certificate (its SANs include localhost),
  // which the configuration above tells the appliance to trust for metadata fetches.
  docs = Bun.serve({
    hostname: "127.0.0.1",
    port: docPort,
    tls: {
      cert: readFileSync(join(s.root, "secrets", "server.crt"), "utf8"),
      key: readFileSync(join(s.root, "secrets", "server.key"), "utf8"),
    },
    fetch(req) {
      const path = new URL(req.url).pathname;
      const own = `https://localhost:${docPort}${path}`;
      const body = {
        client_id: path === "/agent/liar.json" ? "https://elsewhere.example/agent.json" : own,
        client_name: "Metadata Agent",
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
      };
      return Response.json(body);
    },
  });
}, 120_000);
afterAll(async () => {
  docs?.stop(true);
  await s.stop();
});

/** The SDK's provider interface, with the browser part done by fetch. */
class MetadataDocumentProvider implements OAuthClientProvider {
  saved?: OAuthTokens;
  verifier = "";
  code?: string;
  readonly clientMetadataUrl = CLIENT_ID;
  readonly redirectUrl = REDIRECT;
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: "Metadata Agent", redirect_uris: [REDIRECT], token_endpoint_auth_method: "none" };
  }
  info?: OAuthClientInformationMixed;
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  async redirectToAuthorization(url: URL) {
    expect(url.searchParams.get("client_id")).toBe(CLIENT_ID);
    const page = await s.fetch(url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Metadata Agent");
    expect(html).toContain(`described by localhost:${docPort}`);
    const post = (values: Record<string, string>, cookie: string) =>
      s.fetch(`${s.issuer}/authorize`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams(values).toString(),
      });
    const cookieOf = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const signedIn = await post(
      {
        request: hidden(html, "request"),
        csrf: hidden(html, "csrf"),
        client_id: "alice",
        client_secret: s.read("alice", ".secret"),
      },
      cookieOf(page),
    );
    const question = await signedIn.text();
    const answer = await post(
      {
        request: hidden(question, "request"),
        csrf: hidden(question, "csrf"),
        ticket: hidden(question, "ticket"),
        decision: "allow",
      },
      cookieOf(signedIn),
    );
    expect(answer.status).toBe(302);
    this.code = new URL(answer.headers.get("location")!).searchParams.get("code") ?? undefined;
  }
}

const sdkFetch = (url: string | URL, init?: RequestInit) => s.fetch(url, init);

describe("Client ID Metadata Document with the MCP SDK client (compiled binary)", () => {
  test("URL client_id, sign-in, tools/list; after expiry the SDK refreshes and calls again", async () => {
    const provider = new MetadataDocumentProvider();
    expect(await auth(provider, { serverUrl: `${s.issuer}/mcp`, fetchFn: sdkFetch })).toBe("REDIRECT");
    expect(provider.code).toBeString();
    expect(provider.info?.client_id).toBe(CLIENT_ID);
    const done = await auth(provider, {
      serverUrl: `${s.issuer}/mcp`,
      authorizationCode: provider.code!,
      fetchFn: sdkFetch,
    });
    expect(done).toBe("AUTHORIZED");
    expect(provider.saved?.refresh_token).toBeString();
    const client = new Client({ name: "cimd-test", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${s.issuer}/mcp`), {
      authProvider: provider,
      fetch: sdkFetch,
    });
    await client.connect(transport);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("bridge_whoami");
    const firstAccess = provider.saved?.access_token;
    await Bun.sleep((TOKEN_SECONDS + SKEW_SECONDS + 2) * 1000);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    expect(provider.saved?.access_token).not.toBe(firstAccess);
    const refreshed = s.audit().filter((e) => e.event === "token.issued" && e.grant === "refresh_token");
    expect(refreshed.map((e) => e.app)).toContain(CLIENT_ID);
    await client.close();
  }, 240_000);

  test("a document that names another client_id, or a private host not allowed, gets an error page", async () => {
    const ask = (clientId: string) =>
      s.fetch(
        `${s.issuer}/authorize?${new URLSearchParams({
          response_type: "code",
          client_id: clientId,
          redirect_uri: REDIRECT,
          code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
          code_challenge_method: "S256",
        })}`,
      );
    const liar = await ask(`https://localhost:${docPort}/agent/liar.json`);
    expect(liar.status).toBe(400);
    expect(await liar.text()).toContain("client_id is not its own URL");
    const internal = await ask(`https://127.0.0.1:${docPort}/agent/client.json`);
    expect(internal.status).toBe(400);
    expect(await internal.text()).toContain("private or loopback address");
  }, 60_000);
});
