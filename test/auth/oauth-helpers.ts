/**
 * Test support for the OAuth suites: a pre-registered authorization_code + PKCE client
 * provider for the MCP SDK 1.x (the SDK's own `OAuthClientProvider` interface), and the
 * login form driven with fetch (GET the form, POST the credentials with the CSRF cookie).
 */
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { Harness } from "./harness.ts";

/** Hidden field value from the login page. */
export function hidden(html: string, name: string): string {
  const marker = `name="${name}" value="`;
  const start = html.indexOf(marker);
  if (start < 0) throw new Error(`no hidden field ${name}`);
  const end = html.indexOf('"', start + marker.length);
  return html
    .slice(start + marker.length, end)
    .replaceAll("&amp;", "&")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">");
}

/** Opens the login form for `authorizeUrl` and submits `clientId`/`secret`; returns the POST response. */
export async function submitLogin(h: Harness, authorizeUrl: string, clientId: string, secret: string) {
  const page = await h.fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`login page answered ${page.status}`);
  const html = await page.text();
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return h.fetch(`${h.issuer}/authorize`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({
      request: hidden(html, "request"),
      csrf: hidden(html, "csrf"),
      client_id: clientId,
      client_secret: secret,
    }).toString(),
  });
}

/** A pre-registered confidential client doing authorization_code + PKCE; the "browser" is fetch. */
export class LoginFormProvider implements OAuthClientProvider {
  private saved?: OAuthTokens;
  private verifier = "";
  /** The code captured from the redirect, for `transport.finishAuth(code)`. */
  code?: string;
  /** The redirect Location the server answered with. */
  location?: URL;

  constructor(
    private readonly h: Harness,
    private readonly clientId: string,
    private readonly secret: string,
    readonly redirectUrl: string,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.clientId,
      redirect_uris: [this.redirectUrl],
      token_endpoint_auth_method: "client_secret_basic",
    };
  }
  clientInformation(): OAuthClientInformationMixed {
    return { client_id: this.clientId, client_secret: this.secret, token_endpoint_auth_method: "client_secret_post" };
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  async redirectToAuthorization(url: URL) {
    const answer = await submitLogin(this.h, url.toString(), this.clientId, this.secret);
    if (answer.status !== 302) throw new Error(`login answered ${answer.status}: ${await answer.text()}`);
    this.location = new URL(answer.headers.get("location") ?? "");
    this.code = this.location.searchParams.get("code") ?? undefined;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}
