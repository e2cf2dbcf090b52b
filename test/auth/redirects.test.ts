/**
 * Redirect URIs at /authorize against the compiled binary with the default enforcement
 * (`loopback`): an unlisted https URI receives neither a code nor an error (no open redirect),
 * a backslash trick against a wildcard entry is refused, loopback URIs work for native hosts,
 * and only a listed URI ever gets an error redirect.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import { type BinaryServer, startBinaryServer } from "../support/binary-server.ts";

let s: BinaryServer;

beforeAll(async () => {
  s = await startBinaryServer({
    AUTH_MODE: "oauth2",
    AUTH_CLIENTS: "ide:sub-ide:admin",
    AUTH_OAUTH_REDIRECT_URIS: JSON.stringify({ ide: ["https://*.example.com/cb"] }),
  });
}, 120_000);
afterAll(async () => {
  await s.stop();
});

const challenge = createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url");

function authorize(redirectUri: string, extra: Record<string, string> = {}) {
  const params = new URLSearchParams({
    response_type: "code",
    client_id: "ide",
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: "st",
    ...extra,
  });
  return s.fetch(`${s.issuer}/authorize?${params}`);
}

describe("redirect URIs (compiled binary, default enforcement)", () => {
  test("an unlisted https redirect gets an error page, for a valid and for a broken request", async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { response_type: "token" },
      { code_challenge_method: "plain" },
    ];
    for (const extra of variants) {
      const res = await authorize("https://attacker.example.net/cb", extra);
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toContain("redirect address was refused");
    }
  });

  test("a backslash against the wildcard entry is refused, with no redirect", async () => {
    for (const uri of ["https://evil.com\\.example.com/cb", "https://evil.com\\@a.example.com/cb"]) {
      const res = await authorize(uri, { response_type: "token" });
      expect({ uri, status: res.status, location: res.headers.get("location") }).toEqual({
        uri,
        status: 400,
        location: null,
      });
    }
  });

  test("a listed URI gets the login form, and errors go back to it with state and iss", async () => {
    expect((await authorize("https://app.example.com/cb")).status).toBe(200);
    const error = await authorize("https://app.example.com/cb", { response_type: "token" });
    expect(error.status).toBe(302);
    const location = new URL(error.headers.get("location")!);
    expect(location.origin + location.pathname).toBe("https://app.example.com/cb");
    expect(location.searchParams.get("error")).toBe("unsupported_response_type");
    expect(location.searchParams.get("state")).toBe("st");
    expect(location.searchParams.get("iss")).toBe(s.issuer);
  });

  test("an unlisted loopback URI works for sign-in (RFC 8252) but never receives an error redirect", async () => {
    const form = await authorize("http://127.0.0.1:53111/oauth/callback");
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("127.0.0.1:53111");
    const error = await authorize("http://127.0.0.1:53111/oauth/callback", { response_type: "token" });
    expect(error.status).toBe(400);
    expect(error.headers.get("location")).toBeNull();
  });
});
