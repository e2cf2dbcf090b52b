/**
 * Test support: `ai-bridge serve` from the compiled binary in a temp root with a chosen .env,
 * restartable with changed settings, plus the `ai-bridge` CLI against the same root. Used by
 * suites whose behaviour is at the HTTP surface and must hold in the shipped binary.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary } from "./binary.ts";
import { freePort } from "./net.ts";

export interface BinaryServer {
  root: string;
  port: number;
  issuer: string;
  /** PEM of the server certificate (trust anchor for the test's fetch). */
  ca: string;
  env: Record<string, string>;
  /** fetch trusting the server certificate, never following redirects. */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  /** Stops the server, merges `env` into .env and starts it again. */
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
  /** Runs `ai-bridge <args> --root <root>`. */
  cli(args: string[], stdin?: string): { code: number; out: string; err: string };
  /** A file in clients/<client>/secrets/, trimmed. */
  read(client: string, file: string): string;
  audit(): Array<Record<string, unknown>>;
}

function writeEnv(root: string, env: Record<string, string>): void {
  const lines = Object.entries(env).map(([k, v]) => `${k}='${v}'`);
  writeFileSync(join(root, ".env"), `${lines.join("\n")}\n`, { mode: 0o600 });
}

/** Starts the binary with loopback defaults (small RSA key, console quiet) and `extra`. */
export async function startBinaryServer(extra: Record<string, string>): Promise<BinaryServer> {
  const binary = ensureBinary();
  const root = mkdtempSync(join(tmpdir(), "aib-bin-"));
  const port = freePort();
  const issuer = `https://127.0.0.1:${port}`;
  let proc: ReturnType<typeof Bun.spawn> | undefined;
  let output = "";
  const server: BinaryServer = {
    root,
    port,
    issuer,
    ca: "",
    env: {
      MCP_SERVER_HOST: "127.0.0.1",
      MCP_SERVER_PORT: String(port),
      AUTH_ISSUER: issuer,
      AUTH_RSA_KEY_SIZE: "2048",
      AUTH_FAIL_LIMIT: "1000",
      LOGGING_CONSOLE_ENABLED: "0",
      MCP_SERVER_SECURITY_ALLOWED_ORIGINS: `${issuer},http://127.0.0.1:*`,
      ...extra,
    },
    fetch: (input, init) => fetch(input, { ...init, redirect: "manual", tls: { ca: server.ca } } as RequestInit),
    async restart(env = {}) {
      if (proc !== undefined) {
        proc.kill("SIGTERM");
        await proc.exited;
      }
      server.env = { ...server.env, ...env };
      writeEnv(root, server.env);
      output = "";
      const started = Bun.spawn([binary, "serve", "--root", root], { stdout: "pipe", stderr: "pipe" });
      proc = started;
      void (async () => {
        for await (const chunk of started.stderr as ReadableStream<Uint8Array>)
          output += new TextDecoder().decode(chunk);
      })();
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (started.exitCode !== null) throw new Error(`ai-bridge serve exited ${started.exitCode}:\n${output}`);
        try {
          server.ca = readFileSync(join(root, "secrets", "server.crt"), "utf8");
          const res = await fetch(`${issuer}/health`, { tls: { ca: server.ca } } as RequestInit);
          if (res.status === 200) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`ai-bridge serve did not answer in time:\n${output}`);
        await Bun.sleep(100);
      }
    },
    async stop() {
      if (proc !== undefined) {
        proc.kill("SIGTERM");
        await proc.exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
    cli(args, stdin) {
      const run = Bun.spawnSync([binary, ...args, "--root", root], {
        stdin: stdin === undefined ? "ignore" : Buffer.from(stdin),
        stdout: "pipe",
        stderr: "pipe",
      });
      return { code: run.exitCode, out: run.stdout.toString().trim(), err: run.stderr.toString().trim() };
    },
    read: (client, file) => readFileSync(join(root, "clients", client, "secrets", file), "utf8").trim(),
    audit() {
      const logs = join(root, "logs");
      return readdirSync(logs)
        .filter((f) => f.startsWith("audit.log"))
        .flatMap((f) => readFileSync(join(logs, f), "utf8").split("\n"))
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
  await server.restart();
  return server;
}

/** Status of one stateless MCP `tools/list` POST with `token` (undefined: no Authorization header). */
export async function mcpStatus(server: BinaryServer, token: string | undefined): Promise<number> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2025-11-25",
  };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const res = await server.fetch(`${server.issuer}/mcp`, {
    method: "POST",
    headers,
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });
  await res.arrayBuffer();
  return res.status;
}
