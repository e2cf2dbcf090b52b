/**
 * `ai-bridge credentials set` from the compiled binary while `ai-bridge serve` runs against
 * `ai-bridge lab`: an auditor client (which may not call the credential tools) cannot reach the
 * cluster, an administrator stores its AXL credentials with the password on standard input,
 * and the same running server then answers cucm_get_version. The change is audited, and the
 * password is in no log and no output.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ensureBinary, PROJECT_ROOT } from "../support/binary.ts";
import { loopbackSetupArgs } from "../support/local-setup.ts";
import { freePort } from "../support/net.ts";

type ToolResult = {
  isError?: boolean;
  content?: Array<{ text?: string }>;
  structuredContent?: { error?: { code?: string } };
};

const dir = mkdtempSync(join(tmpdir(), "aib-cred-cli-"));
const root = join(dir, "bridge");
const labState = join(dir, "lab");
const running: Array<ReturnType<typeof Bun.spawn>> = [];
let binary = "";
let port = 0;
let lab: {
  caFile: string;
  credentials: { axl: { username: string; password: string } };
  nodes: Array<{ name: string; ip: string }>;
};

function cli(args: string[], stdin?: string) {
  const proc = Bun.spawnSync([binary, "--root", root, ...args], {
    stdin: stdin === undefined ? "ignore" : Buffer.from(stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

/** `credentials set` for a CUCM credential of `client`. */
function setFor(client: string, kind: string, host: string, username: string): string[] {
  return [
    "credentials",
    "set",
    "--client",
    client,
    "--product",
    "cucm",
    "--kind",
    kind,
    "--host",
    host,
    "--username",
    username,
  ];
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not come up in time`);
    await Bun.sleep(150);
  }
}

beforeAll(async () => {
  binary = ensureBinary();
  port = freePort();
  const labHttps = freePort();
  const labSsh = freePort();
  const subnet = `127.${20 + Math.floor(Math.random() * 230)}`;
  running.push(
    Bun.spawn(
      [
        binary,
        "lab",
        "--state",
        labState,
        "--subnet",
        subnet,
        "--https-port",
        String(labHttps),
        "--ssh-port",
        String(labSsh),
        "--schema-dir",
        resolve(PROJECT_ROOT, "../shared/cisco-schema"),
      ],
      { cwd: dir, stdout: "ignore", stderr: "ignore" },
    ),
  );
  const labJson = join(labState, "lab.json");
  lab = await waitFor("the lab", () => (existsSync(labJson) ? JSON.parse(readFileSync(labJson, "utf8")) : undefined));
  const settings = [
    `SERVER_CUCM_AXL_PORT=${labHttps}`,
    `SERVER_CUCM_RIS_PORT=${labHttps}`,
    "LOGGING_CONSOLE_ENABLED=0",
  ];
  settings.push(`SERVER_CUCM_SSL_CA_BUNDLE=${lab.caFile}`, `SERVER_CUCM_SSH_PORT=${labSsh}`);
  const setup = cli([
    ...loopbackSetupArgs(port),
    "--clients",
    "reader:sub-reader:auditor,boss:sub-boss:admin",
    ...settings.flatMap((s) => ["--set", s]),
  ]);
  expect(setup.err).toBe("");
  running.push(Bun.spawn([binary, "--root", root, "serve"], { stdout: "ignore", stderr: "ignore" }));
  await waitFor("the bridge", async () => {
    const certFile = join(root, "secrets", "server.crt");
    if (!existsSync(certFile)) return undefined;
    try {
      const res = await fetch(`https://localhost:${port}/health`, { tls: { ca: readFileSync(certFile, "utf8") } });
      return res.ok ? true : undefined;
    } catch {
      return undefined;
    }
  });
}, 120_000);

afterAll(async () => {
  for (const proc of running.reverse()) {
    proc.kill("SIGTERM");
    await proc.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

test("an auditor reads the CUCM version once an administrator stored its credentials with the CLI", async () => {
  const pub = lab.nodes.find((n) => n.name === "cucm-pub")!;
  const token = cli(["token", "show", "reader"]).out.trim();
  const ca = readFileSync(join(root, "secrets", "server.crt"), "utf8");
  const client = new Client({ name: "auditor-e2e", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`https://localhost:${port}/mcp`), {
      fetch: ((input: string | URL | Request, init?: RequestInit) =>
        fetch(input, { ...init, tls: { ca } } as RequestInit)) as typeof fetch,
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  try {
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain("cucm_get_version");
    expect(tools).not.toContain("cucm_store_credentials");
    const before = (await client.callTool({ name: "cucm_get_version", arguments: { host: pub.ip } })) as ToolResult;
    expect(before.isError).toBe(true);
    expect(before.structuredContent?.error?.code).toBe("CredentialsMissingError");

    const { password, username } = lab.credentials.axl;
    const stored = cli(setFor("reader", "axl", pub.ip, username), `${password}\n`);
    expect(stored.err).toBe("");
    expect(stored.code).toBe(0);
    expect(stored.out).toContain(`Stored cucm axl credentials of ${pub.ip}`);

    const after = (await client.callTool({ name: "cucm_get_version", arguments: { host: pub.ip } })) as ToolResult;
    expect(after.isError).toBeFalsy();
    expect(JSON.stringify(after.structuredContent)).toContain("15.0");

    const listed = cli(["credentials", "list", "--client", "reader"]);
    expect(listed.out).toContain(`cucm axl ${pub.ip}: user ${username}`);
    expect(listed.out).not.toContain(password);

    const audit = readFileSync(join(root, "logs", "audit.log"), "utf8");
    const change = audit.split("\n").find((line) => line.includes('"credential.changed"'));
    expect(JSON.parse(change!)).toMatchObject({
      client: "reader",
      product: "cucm",
      kind: "axl",
      host: pub.ip,
      via: "cli",
    });
    for (const name of readdirSync(join(root, "logs"))) {
      expect(readFileSync(join(root, "logs", name), "utf8")).not.toContain(password);
    }
  } finally {
    await client.close();
  }
}, 60_000);

test("a password on the command line is refused and nothing is stored", () => {
  const refused = cli([...setFor("reader", "os", "10.1.1.1", "admin"), "--password", "Visible-Everywhere"]);
  expect(refused.code).toBe(1);
  expect(refused.err).toContain("never taken from the command line");
  expect(cli(["credentials", "list", "--client", "reader"]).out).not.toContain("10.1.1.1");
});

test("--plain-http marks a phone credential for plain HTTP, is refused on other kinds, and is audited", () => {
  const wrongKind = cli([...setFor("reader", "os", "10.1.1.2", "admin"), "--plain-http"], "pw-os\n");
  expect(wrongKind.code).toBe(1);
  expect(wrongKind.err).toContain("--plain-http applies to --kind phone only, not os");
  expect(cli(["credentials", "list", "--client", "reader"]).out).not.toContain("10.1.1.2");
  const phone = cli([...setFor("reader", "phone", "10.1.1.3", "phoneuser"), "--plain-http"], "pw-phone\n");
  expect(phone.code).toBe(0);
  expect(phone.out).toContain("sent in clear");
  expect(cli(["credentials", "list", "--client", "reader"]).out).toContain(
    "cucm phone 10.1.1.3: user phoneuser, plain HTTP",
  );
  // An update without the flag goes back to HTTPS only: the opt-in is never carried over silently.
  expect(cli(setFor("reader", "phone", "10.1.1.3", "phoneuser"), "pw-phone-2\n").code).toBe(0);
  expect(cli(["credentials", "list", "--client", "reader"]).out).not.toContain("plain HTTP");
  const audit = readFileSync(join(root, "logs", "audit.log"), "utf8");
  expect(audit).toContain('"plainHttp":true');
  expect(audit).not.toContain("pw-phone");
});
