/**
 * The login page in a real browser (headless Chromium via playwright-core): from the 401 on
 * /mcp, SDK discovery and `startAuthorization`, the form filled and submitted, the redirect
 * captured by a local callback server, the code exchanged, and /mcp called with the token.
 * A screenshot of the page is written to /tmp/ai-bridge-login.png for a human look.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import {
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  exchangeAuthorization,
  extractResourceMetadataUrl,
  startAuthorization,
} from "@modelcontextprotocol/sdk/client/auth.js";
import { type Browser, chromium } from "playwright-core";
import { type Harness, startHarness, whoami } from "./harness.ts";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true")
  throw new Error(`${CHROMIUM} is required in CI (apt-get install chromium)`);

let h: Harness;
let browser: Browser;
let callback: ReturnType<typeof Bun.serve>;
let received: ((url: URL) => void) | undefined;

beforeAll(async () => {
  if (!available) return;
  h = await startHarness({ AUTH_MODE: "oauth2", AUTH_CLIENTS: "ide:sub-ide:admin" });
  callback = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      received?.(new URL(req.url));
      return new Response("<!doctype html><title>done</title><p>You can close this window.</p>", {
        headers: { "content-type": "text/html" },
      });
    },
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--ignore-certificate-errors",
    ],
  });
}, 60_000);
afterAll(async () => {
  if (!available) return;
  await browser?.close();
  callback?.stop(true);
  await h?.stop();
});

describe.skipIf(!available)("login page in Chromium", () => {
  test("401 → discovery → login form → redirect with code → token → /mcp", async () => {
    const sdkFetch = (url: string | URL, init?: RequestInit) => h.fetch(url, init);
    const challenge = await h.fetch(`${h.issuer}/mcp`, { method: "POST" });
    expect(challenge.status).toBe(401);
    const prm = await discoverOAuthProtectedResourceMetadata(
      `${h.issuer}/mcp`,
      { resourceMetadataUrl: extractResourceMetadataUrl(challenge) },
      sdkFetch,
    );
    const metadata = await discoverAuthorizationServerMetadata(prm.authorization_servers![0]!, { fetchFn: sdkFetch });
    const secret = h.read("ide", ".secret");
    const redirectUrl = `http://127.0.0.1:${callback.port}/callback`;
    const clientInformation = { client_id: "ide", client_secret: secret };
    const { authorizationUrl, codeVerifier } = await startAuthorization(h.issuer, {
      metadata,
      clientInformation,
      redirectUrl,
      scope: "mcp",
      state: "browser-state",
      resource: new URL(prm.resource),
    });
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const cspViolations: string[] = [];
    page.on("console", (msg) => {
      if (msg.text().includes("Content Security Policy")) cspViolations.push(msg.text());
    });
    await page.goto(authorizationUrl.toString());
    expect(await page.textContent(".who")).toContain(`127.0.0.1:${callback.port}`);
    expect(await page.inputValue("#client_id")).toBe("ide");
    await page.screenshot({ path: "/tmp/ai-bridge-login.png", fullPage: true });
    // A wrong secret first: the form comes back with a generic error.
    await page.fill("#client_secret", "wrong-secret");
    await page.click("button[type=submit]");
    await page.waitForSelector(".error");
    expect(await page.textContent(".error")).toContain("not accepted");
    await page.screenshot({ path: "/tmp/ai-bridge-login-error.png", fullPage: true });
    const redirected = new Promise<URL>((resolve) => {
      received = resolve;
    });
    await page.fill("#client_secret", secret);
    await page.click("button[type=submit]");
    const url = await redirected;
    expect(url.searchParams.get("state")).toBe("browser-state");
    expect(url.searchParams.get("iss")).toBe(h.issuer);
    const code = url.searchParams.get("code") ?? "";
    const tokens = await exchangeAuthorization(h.issuer, {
      metadata,
      clientInformation,
      authorizationCode: code,
      codeVerifier,
      redirectUri: redirectUrl,
      resource: new URL(prm.resource),
      fetchFn: sdkFetch,
    });
    const res = await whoami(h, tokens.access_token);
    expect(res.status).toBe(200);
    expect(res.principal?.clientName).toBe("ide");
    expect(cspViolations).toEqual([]);
    await page.close();
  }, 30_000);
});
