/**
 * Test support for the auth suites: an appliance started from source in a temp root with a
 * chosen .env, the server certificate as CA for Bun's fetch, and helpers to read client files
 * and the audit log.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applianceLayers } from "../../src/appliance/layers.ts";
import { type RunningAppliance, startAppliance } from "../../src/appliance/startup.ts";
import { freePort } from "../support/net.ts";

/** What `bridge_whoami` answered through the real MCP endpoint, shaped like the principal. */
export interface WhoamiAnswer {
  status: number;
  headers: Headers;
  principal?: { clientName: string; subject: string; profile: string; tokenKind: string };
}

/**
 * Calls the real MCP endpoint (`tools/call bridge_whoami`, one stateless POST) with a bearer
 * token, so every auth suite proves a token reaches a tool, not just the guard.
 */
export async function whoami(h: Harness, token: string | undefined, query = ""): Promise<WhoamiAnswer> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2025-11-25",
  };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const res = await h.fetch(`${h.issuer}/mcp${query}`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "bridge_whoami", arguments: {} },
    }),
  });
  const text = await res.text();
  if (res.status !== 200) return { status: res.status, headers: res.headers };
  const json = text.startsWith("{")
    ? text
    : (text
        .split("\n")
        .find((l) => l.startsWith("data: "))
        ?.slice(6) ?? "{}");
  const data = (JSON.parse(json) as { result?: { structuredContent?: Record<string, string> } }).result
    ?.structuredContent;
  if (!data) throw new Error(`bridge_whoami gave no structured answer: ${text.slice(0, 300)}`);
  return {
    status: res.status,
    headers: res.headers,
    principal: { clientName: data.client!, subject: data.subject!, profile: data.profile!, tokenKind: data.tokenKind! },
  };
}

export interface Harness {
  root: string;
  port: number;
  issuer: string;
  app: RunningAppliance;
  ca: string;
  /** fetch trusting the appliance's self-signed certificate, never following redirects. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
  read(client: string, file: string): string;
  audit(): Array<Record<string, unknown>>;
  env: Record<string, string>;
}

/** Base settings: small RSA keys for speed, a high failure limit so suites do not block themselves. */
export function baseEnv(port: number, extra: Record<string, string>): Record<string, string> {
  const issuer = `https://127.0.0.1:${port}`;
  return {
    MCP_SERVER_HOST: "127.0.0.1",
    MCP_SERVER_PORT: String(port),
    AUTH_ISSUER: issuer,
    AUTH_RSA_KEY_SIZE: "2048",
    AUTH_FAIL_LIMIT: "1000",
    LOGGING_CONSOLE_ENABLED: "0",
    MCP_SERVER_SECURITY_ALLOWED_ORIGINS: `${issuer},http://127.0.0.1:*`,
    ...extra,
  };
}

function writeEnv(root: string, env: Record<string, string>): void {
  const lines = Object.entries(env).map(([k, v]) => `${k}='${v}'`);
  writeFileSync(join(root, ".env"), `${lines.join("\n")}\n`, { mode: 0o600 });
}

/** Starts an appliance in a fresh temp root. */
export async function startHarness(extra: Record<string, string>, root?: string): Promise<Harness> {
  const dir = root ?? mkdtempSync(join(tmpdir(), "aib-auth-"));
  const port = freePort();
  const env = baseEnv(port, extra);
  writeEnv(dir, env);
  const h: Harness = {
    root: dir,
    port,
    issuer: env.AUTH_ISSUER!,
    app: await startAppliance({ root: dir, portOverride: port, layers: applianceLayers(), consoleWrite: () => {} }),
    ca: "",
    env,
    fetch: (input, init) => fetch(input, { ...init, redirect: "manual", tls: { ca: h.ca } } as RequestInit),
    async restart(more = {}) {
      await h.app.stop();
      h.env = { ...h.env, ...more };
      writeEnv(dir, h.env);
      h.app = await startAppliance({
        root: dir,
        portOverride: port,
        layers: applianceLayers(),
        consoleWrite: () => {},
      });
      h.ca = h.app.certificate().certPem;
    },
    async stop() {
      await h.app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    read: (client, file) => readFileSync(join(dir, "clients", client, "secrets", file), "utf8").trim(),
    audit() {
      h.app.flushLogs();
      const logs = join(dir, "logs");
      return readdirSync(logs)
        .filter((f) => f.startsWith("audit.log"))
        .flatMap((f) => readFileSync(join(logs, f), "utf8").split("\n"))
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
  h.ca = h.app.certificate().certPem;
  return h;
}

/** Every byte of every log file under the root (for the no-secret-in-logs check). */
export function allLogText(root: string): string {
  const logs = join(root, "logs");
  return readdirSync(logs)
    .map((f) => readFileSync(join(logs, f), "utf8"))
    .join("\n");
}

/** A form-urlencoded POST body. */
export function form(values: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(values).toString(),
  };
}
