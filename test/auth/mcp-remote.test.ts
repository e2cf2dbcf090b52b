/**
 * `mcp-remote` (what Claude Desktop uses for remote servers) against an `oauth2` instance of the
 * compiled binary, given nothing but the URL: it discovers the server, registers itself (DCR),
 * prints the sign-in URL, the person signs in with an AUTH_CLIENTS identity and allows the
 * application in headless Chromium, and mcp-remote then answers tools/list over stdio.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { PROJECT_ROOT } from "../support/binary.ts";
import { type BinaryServer, startBinaryServer } from "../support/binary-server.ts";
import { freePort } from "../support/net.ts";

const CHROMIUM = "/usr/bin/chromium";
const NODE = Bun.which("node");
const available = existsSync(CHROMIUM) && NODE !== null;
if (!available && process.env.CI === "true") throw new Error(`${CHROMIUM} and node are required in CI`);

let s: BinaryServer;
let browser: Browser;
let proxy: ReturnType<typeof Bun.spawn> | undefined;
const configDir = mkdtempSync(join(tmpdir(), "aib-mcp-remote-"));

beforeAll(async () => {
  if (!available) return;
  s = await startBinaryServer({ AUTH_MODE: "oauth2", AUTH_CLIENTS: "alice:sub-alice:auditor" });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--ignore-certificate-errors"],
  });
}, 120_000);
afterAll(async () => {
  proxy?.kill("SIGKILL");
  await browser?.close();
  await s?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

/** Reads a stream line by line into `lines`, waking `waiters` whenever a line arrives. */
function collect(stream: ReadableStream<Uint8Array>, lines: string[], wake: () => void): void {
  void (async () => {
    let buffer = "";
    for await (const chunk of stream) {
      buffer += new TextDecoder().decode(chunk);
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      lines.push(...parts);
      wake();
    }
  })();
}

async function until<T>(what: string, probe: () => T | undefined, ms: number, log: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen in time; mcp-remote said:\n${log()}`);
    await Bun.sleep(100);
  }
}

describe.skipIf(!available)("mcp-remote by URL alone", () => {
  test("DCR, browser sign-in as an identity with consent, then tools/list over stdio", async () => {
    const secret = s.read("alice", ".secret");
    const callbackPort = freePort();
    proxy = Bun.spawn(
      [
        NODE!,
        join(PROJECT_ROOT, "node_modules", "mcp-remote", "dist", "proxy.js"),
        `${s.issuer}/mcp`,
        String(callbackPort),
      ],
      {
        stdin: "pipe",
        stdout: "pipe",
        stderr: "pipe",
        env: {
          PATH: process.env.PATH ?? "",
          HOME: configDir,
          MCP_REMOTE_CONFIG_DIR: configDir,
          NODE_EXTRA_CA_CERTS: join(s.root, "secrets", "server.crt"),
          // The sign-in is driven by the test's Chromium, not by a desktop browser.
          BROWSER: "true",
        },
      },
    );
    const out: string[] = [];
    const err: string[] = [];
    collect(proxy.stdout as ReadableStream<Uint8Array>, out, () => {});
    collect(proxy.stderr as ReadableStream<Uint8Array>, err, () => {});
    const log = () => err.join("\n");
    const send = (message: unknown) => {
      (proxy!.stdin as import("bun").FileSink).write(`${JSON.stringify(message)}\n`);
    };
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "test-host", version: "1.0.0" } },
    });
    const authorizeUrl = await until(
      "the sign-in URL",
      () => err.find((line) => line.startsWith(`${s.issuer}/authorize?`)),
      60_000,
      log,
    );
    const clientId = new URL(authorizeUrl).searchParams.get("client_id") ?? "";
    expect(clientId).toStartWith("dcr-");
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(authorizeUrl);
    expect(await page.textContent(".who")).toContain(`localhost:${callbackPort}`);
    await page.fill("#client_id", "alice");
    await page.fill("#client_secret", secret);
    await page.click("button[type=submit]");
    await page.waitForSelector("#allow");
    expect(await page.textContent("main")).toContain("as alice");
    await page.click("#allow");
    await page.waitForURL(`http://localhost:${callbackPort}/**`);
    await page.close();
    await until("the initialize answer", () => out.find((line) => line.includes('"id":1')), 60_000, log);
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
    const listed = await until("the tools/list answer", () => out.find((line) => line.includes('"id":2')), 60_000, log);
    const tools = (JSON.parse(listed) as { result: { tools: Array<{ name: string }> } }).result.tools;
    expect(tools.map((tool) => tool.name)).toContain("bridge_whoami");
    const issued = s.audit().filter((e) => e.event === "token.issued" && e.app === clientId);
    expect(issued.length).toBeGreaterThan(0);
    expect(issued[0]).toMatchObject({ client: "alice", grant: "authorization_code" });
  }, 180_000);
});
