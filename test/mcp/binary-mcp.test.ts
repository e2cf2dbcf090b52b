/**
 * The MCP endpoint from the compiled binary over TLS: `ai-bridge serve` in a temp root (JWT
 * mode), then the SDK 1.x client (2025 era) and the v2 client (2026-07-28 era) list tools and
 * call bridge_whoami and a credential tool with the token the binary wrote.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from "@modelcontextprotocol/client";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as TransportV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ensureBinary } from "../support/binary.ts";
import { freePort } from "../support/net.ts";

let root: string;
let port: number;
let server: ReturnType<typeof Bun.spawn> | undefined;
let ca = "";
let token = "";

beforeAll(async () => {
  const binary = ensureBinary();
  root = mkdtempSync(join(tmpdir(), "aib-mcp-bin-"));
  port = freePort();
  const issuer = `https://127.0.0.1:${port}`;
  const env = {
    MCP_SERVER_HOST: "127.0.0.1",
    MCP_SERVER_PORT: String(port),
    AUTH_ISSUER: issuer,
    AUTH_MODE: "jwt",
    AUTH_CLIENTS: "alice:sub-alice:admin",
    AUTH_RSA_KEY_SIZE: "2048",
    LOGGING_CONSOLE_ENABLED: "0",
  };
  writeFileSync(
    join(root, ".env"),
    `${Object.entries(env)
      .map(([k, v]) => `${k}='${v}'`)
      .join("\n")}\n`,
    { mode: 0o600 },
  );
  server = Bun.spawn([binary, "serve"], { cwd: root, stdout: "ignore", stderr: "pipe" });
  const tokenPath = join(root, "clients", "alice", "secrets", ".token");
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (existsSync(tokenPath) && existsSync(join(root, "secrets", "server.crt"))) {
      ca = readFileSync(join(root, "secrets", "server.crt"), "utf8");
      const ok = await fetch(`${issuer}/health`, { tls: { ca } } as RequestInit).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
    }
    if (Date.now() > deadline) throw new Error("the binary did not start in time");
    await Bun.sleep(100);
  }
  token = readFileSync(tokenPath, "utf8").trim();
}, 120_000);

afterAll(() => {
  server?.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

const tlsFetch = ((input: string | URL | Request, init?: RequestInit) =>
  fetch(input, { ...init, tls: { ca } } as RequestInit)) as typeof fetch;
const url = () => new URL(`https://127.0.0.1:${port}/mcp`);

test("1.x client: list, whoami, store and list credentials", async () => {
  const client = new ClientV1({ name: "bin-v1", version: "1.0.0" });
  await client.connect(
    new TransportV1(url(), { fetch: tlsFetch, requestInit: { headers: { authorization: `Bearer ${token}` } } }),
  );
  try {
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain("cuc_os_store_credentials");
    const who = await client.callTool({ name: "bridge_whoami", arguments: {} });
    expect(who.structuredContent).toMatchObject({ client: "alice", profile: "admin" });
    const stored = await client.callTool({
      name: "imp_os_store_credentials",
      arguments: { host: "imp1", username: "admin", password: "bin-Secret-42" },
    });
    expect(stored.isError).toBeFalsy();
    const listed = await client.callTool({ name: "imp_list_credentials", arguments: {} });
    expect(JSON.stringify(listed.structuredContent)).toContain("imp1");
  } finally {
    await client.close();
  }
});

test("v2 client in 2026 mode: list and call", async () => {
  const client = new ClientV2(
    { name: "bin-v2", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: "2026-07-28" } } },
  );
  await client.connect(
    new TransportV2(url(), { fetch: tlsFetch, requestInit: { headers: { authorization: `Bearer ${token}` } } }),
  );
  try {
    expect(client.getProtocolEra()).toBe("modern");
    expect((await client.listTools()).tools.length).toBeGreaterThan(10);
    const who = await client.callTool({ name: "bridge_whoami", arguments: {} });
    expect(who.structuredContent).toMatchObject({ client: "alice" });
  } finally {
    await client.close();
  }
});
