/**
 * Test support for the MCP suites: an appliance started from source (real auth + MCP layers)
 * in a temp root, JWT mode with an admin and an auditor client, and connected SDK clients
 * (1.x and v2) that trust the appliance's self-signed certificate.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as TransportV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { applianceLayers } from "../../src/appliance/layers.ts";
import { type Layer, type RunningAppliance, startAppliance } from "../../src/appliance/startup.ts";
import { secretsInLogs } from "./log-sweep.ts";
import { freePort } from "./net.ts";

export interface McpHarness {
  root: string;
  url: string;
  port: number;
  ca: string;
  app: RunningAppliance;
  token(client: string): string;
  fetch: typeof fetch;
  v1(client: string): Promise<ClientV1>;
  audit(): Array<Record<string, unknown>>;
  /** Secrets the final log sweep looks for besides tokens, OAuth secrets and the lab's passwords. */
  secrets: string[];
  /** Stops the appliance, then fails when any of its logs holds a secret. */
  stop(): Promise<void>;
}

/** Starts the appliance with `clients` (AUTH_CLIENTS syntax), extra .env lines and the layers (default: the real ones). */
export async function startMcpHarness(
  clients: string,
  extra: Record<string, string> = {},
  layers: Layer[] = applianceLayers(),
  prepare?: (root: string) => void,
  idleTimeoutSeconds?: number,
): Promise<McpHarness> {
  const root = mkdtempSync(join(tmpdir(), "aib-mcp-"));
  prepare?.(root);
  const port = freePort();
  const issuer = `https://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    MCP_SERVER_HOST: "127.0.0.1",
    MCP_SERVER_PORT: String(port),
    AUTH_ISSUER: issuer,
    AUTH_MODE: "jwt",
    AUTH_CLIENTS: clients,
    AUTH_RSA_KEY_SIZE: "2048",
    AUTH_FAIL_LIMIT: "1000",
    LOGGING_CONSOLE_ENABLED: "0",
    MCP_SERVER_SECURITY_ALLOWED_ORIGINS: `${issuer},http://127.0.0.1:*`,
    ...extra,
  };
  writeFileSync(
    join(root, ".env"),
    `${Object.entries(env)
      .map(([k, v]) => `${k}='${v}'`)
      .join("\n")}\n`,
    { mode: 0o600 },
  );
  const app = await startAppliance({ root, portOverride: port, layers, consoleWrite: () => {}, idleTimeoutSeconds });
  const ca = app.certificate().certPem;
  const tlsFetch = ((input: string | URL | Request, init?: RequestInit) =>
    fetch(input, { ...init, tls: { ca } } as RequestInit)) as typeof fetch;
  const opened: ClientV1[] = [];
  const h: McpHarness = {
    root,
    url: `${issuer}/mcp`,
    port,
    ca,
    app,
    token: (client) => readFileSync(join(root, "clients", client, "secrets", ".token"), "utf8").trim(),
    fetch: tlsFetch,
    async v1(client) {
      const c = new ClientV1({ name: `test-${client}`, version: "1.0.0" });
      const transport = new TransportV1(new URL(h.url), {
        fetch: tlsFetch,
        requestInit: { headers: { authorization: `Bearer ${h.token(client)}` } },
      });
      await c.connect(transport);
      opened.push(c);
      return c;
    },
    audit() {
      h.app.flushLogs();
      const logs = join(root, "logs");
      return readdirSync(logs)
        .filter((f) => f.startsWith("audit.log"))
        .flatMap((f) => readFileSync(join(logs, f), "utf8").split("\n"))
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    secrets: [],
    async stop() {
      for (const c of opened) await c.close().catch(() => {});
      await app.stop();
      const leaks = secretsInLogs(root, h.secrets);
      rmSync(root, { recursive: true, force: true });
      if (leaks.length > 0) throw new Error(`secret sweep of the logs failed: ${leaks.join("; ")}`);
    },
  };
  return h;
}

/** The shape tests read from callTool. */
export type Result = {
  isError?: boolean;
  content: Array<{ type: string; text?: string; data?: string; mimeType?: string }>;
  structuredContent?: Record<string, unknown>;
};

/** The structured error of a failed call. */
export const errorOf = (r: Result) => r.structuredContent?.error as Record<string, unknown> | undefined;
