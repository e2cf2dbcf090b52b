/**
 * Reports from the compiled binary: `ai-bridge serve` runs under strace (every file it opens is
 * recorded), the MCP SDK client creates a report with every status and CJK text, exports it to
 * PDF, lists it, and the auditor is refused the delete. The PDF must read back with pdftotext, and
 * the binary must not have opened one file of the project tree: fonts and PDF assets come from
 * inside the binary, never from the build machine's node_modules.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { BINARY, ensureBinary, PROJECT_ROOT } from "../support/binary.ts";
import { freePort } from "../support/net.ts";

const TOOLS = ["strace", "pdftotext"].every((t) => Bun.which(t) !== null);
if (!TOOLS && process.env.CI === "true") throw new Error("strace and poppler-utils are required in CI");
const maybe = TOOLS ? describe : describe.skip;

type Result = { isError?: boolean; content: Array<{ text?: string }>; structuredContent?: Record<string, unknown> };

let root = "";
let trace = "";
let port = 0;
let ca = "";
let server: ReturnType<typeof Bun.spawn> | undefined;
const clients: Client[] = [];

beforeAll(async () => {
  if (!TOOLS) return;
  const binary = ensureBinary();
  root = mkdtempSync(join(tmpdir(), "aib-report-bin-"));
  trace = join(root, "opened.trace");
  port = freePort();
  const issuer = `https://127.0.0.1:${port}`;
  const env = {
    MCP_SERVER_HOST: "127.0.0.1",
    MCP_SERVER_PORT: String(port),
    AUTH_ISSUER: issuer,
    AUTH_MODE: "jwt",
    AUTH_CLIENTS: "alice:sub-alice:admin,audrey:sub-audrey:auditor",
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
  server = Bun.spawn(
    ["strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-o", trace, binary, "serve", "--root", root],
    { cwd: root, stdout: "ignore", stderr: "ignore" },
  );
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (
      existsSync(join(root, "secrets", "server.crt")) &&
      existsSync(join(root, "clients", "audrey", "secrets", ".token"))
    ) {
      ca = readFileSync(join(root, "secrets", "server.crt"), "utf8");
      const ok = await fetch(`${issuer}/health`, { tls: { ca } } as RequestInit).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
    }
    if (Date.now() > deadline) throw new Error("the binary did not start in time");
    await Bun.sleep(200);
  }
}, 180_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  if (server !== undefined) {
    // strace detaches on SIGTERM and leaves the server running: stop the server (its child) first
    Bun.spawnSync(["pkill", "-TERM", "-P", String(server.pid)]);
    await server.exited;
  }
  if (root) rmSync(root, { recursive: true, force: true });
}, 30_000);

async function connect(client: string): Promise<Client> {
  const token = readFileSync(join(root, "clients", client, "secrets", ".token"), "utf8").trim();
  const c = new Client({ name: `report-bin-${client}`, version: "1.0.0" });
  const fetchTls = ((input: string | URL | Request, init?: RequestInit) =>
    fetch(input, { ...init, tls: { ca } } as RequestInit)) as typeof fetch;
  await c.connect(
    new StreamableHTTPClientTransport(new URL(`https://127.0.0.1:${port}/mcp`), {
      fetch: fetchTls,
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(c);
  return c;
}

maybe("reports from the compiled binary", () => {
  test("create with every status, export to PDF, list; the auditor cannot delete; nothing read from the build tree", async () => {
    const alice = await connect("alice");
    const call = async (name: string, args: Record<string, unknown>) =>
      (await alice.callTool({ name, arguments: args })) as Result;
    const statuses = ["PASS", "WARN", "FAIL", "INFO", "N/A"];
    const created = await call("report_create", {
      title: "Binary check — Genève 北京",
      scope: { hosts: ["cucm-pub"], period: "today" },
      findings: statuses.map((status, i) => ({
        status,
        title: `Finding ${i} 会议室`,
        section: i < 2 ? "First" : "Second",
        evidence: { tool: "bridge_whoami", observed: `evidence line ${i}` },
        recommendation: status === "FAIL" ? "Fix it." : undefined,
      })),
    });
    expect(created.isError).toBeFalsy();
    const id = String(created.structuredContent?.id);
    const exported = await call("report_export_pdf", { id });
    expect(exported.isError).toBeFalsy();
    const pdf = join(root, "clients", "alice", "reports", `${id}.pdf`);
    const text = Bun.spawnSync(["pdftotext", "-enc", "UTF-8", pdf, "-"]).stdout.toString();
    expect(text).toContain("Binary check — Genève 北京");
    for (const s of statuses) expect(text).toContain(s);
    expect(text).toContain("evidence line 2");
    const listed = await call("report_list", {});
    expect(((listed.structuredContent?.reports ?? []) as Array<{ id: string; pdf: boolean }>)[0]).toMatchObject({
      id,
      pdf: true,
    });

    const audrey = await connect("audrey");
    const denied = (await audrey.callTool({ name: "report_delete", arguments: { id } })) as Result;
    expect((denied.structuredContent?.error as { code?: string })?.code).toBe("ProfilePermissionError");
    expect(existsSync(pdf)).toBe(true);

    const opened = readFileSync(trace, "utf8")
      .split("\n")
      .map((line) => /open(?:at2?)?\((?:[^,]*, )?"([^"]+)"/.exec(line)?.[1])
      .filter((p): p is string => p !== undefined);
    expect(opened.length).toBeGreaterThan(10); // strace did see the server's files
    expect(opened.some((p) => p.startsWith(root))).toBe(true);
    const fromTree = opened.filter((p) => p.startsWith(`${PROJECT_ROOT}/`) || p.includes("node_modules"));
    expect(fromTree.filter((p) => p !== BINARY)).toEqual([]); // the executable itself, and nothing else
  }, 120_000);
});
