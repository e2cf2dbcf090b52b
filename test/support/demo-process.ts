/**
 * Test support: `ai-bridge demo` from the compiled binary in a temporary home (lab and bridge
 * together, a random loopback subnet), and an MCP SDK client connected the way demo.json says
 * (URL, token, CA file).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ensureBinary, PROJECT_ROOT } from "./binary.ts";
import { randomSubnet } from "./lab-harness.ts";
import { freePort } from "./net.ts";

/** What demo.json tells a script. */
export interface DemoInfo {
  url: string;
  token: string;
  caFile: string;
  cucmHost: string;
  mcpConfig: Record<string, unknown>;
}

/** A running demo. */
export interface DemoProcess {
  home: string;
  info: DemoInfo;
  /** A connected MCP SDK client (closed by stop()). */
  client(name: string): Promise<Client>;
  stop(): Promise<void>;
}

/** Starts the demo and waits for its demo.json (60 s at most). */
export async function startDemo(): Promise<DemoProcess> {
  const binary = ensureBinary();
  const home = mkdtempSync(join(tmpdir(), "aib-demo-"));
  const port = freePort();
  const proc = Bun.spawn(
    [
      binary,
      "demo",
      "--home",
      home,
      "--port",
      String(port),
      "--subnet",
      randomSubnet(),
      "--schema-dir",
      resolve(PROJECT_ROOT, "../shared/cisco-schema"),
    ],
    { cwd: home, stdout: "ignore", stderr: "pipe" },
  );
  const demoJson = join(home, "demo.json");
  const deadline = Date.now() + 60_000;
  while (!existsSync(demoJson)) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      const stderr = await new Response(proc.stderr as ReadableStream).text();
      proc.kill("SIGTERM");
      rmSync(home, { recursive: true, force: true });
      throw new Error(`demo did not start (exit ${proc.exitCode}): ${stderr}`);
    }
    await Bun.sleep(100);
  }
  const info = JSON.parse(readFileSync(demoJson, "utf8")) as DemoInfo;
  const ca = readFileSync(info.caFile, "utf8");
  const opened: Client[] = [];
  return {
    home,
    info,
    async client(name) {
      const client = new Client({ name, version: "1.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(info.url), {
          fetch: ((input: string | URL | Request, init?: RequestInit) =>
            fetch(input, { ...init, tls: { ca } } as RequestInit)) as typeof fetch,
          requestInit: { headers: { authorization: `Bearer ${info.token}` } },
        }),
      );
      opened.push(client);
      return client;
    },
    async stop() {
      for (const c of opened) await c.close().catch(() => {});
      if (proc.exitCode === null) {
        proc.kill("SIGTERM");
        await proc.exited;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
