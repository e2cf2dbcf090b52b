import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDotenv, resolveDotenv } from "../config/dotenv.ts";
import { formatEnvValue, updateEnvText } from "../config/env-writer.ts";
import { parseConfigText } from "../config/load.ts";

const main = join(import.meta.dir, "..", "main.ts");

function cli(root: string, args: string[], stdin?: string) {
  const proc = Bun.spawnSync([process.execPath, main, "--root", root, ...args], {
    stdin: stdin === undefined ? "ignore" : Buffer.from(stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

function withRoot(fn: (root: string) => void | Promise<void>) {
  return async () => {
    const root = mkdtempSync(join(tmpdir(), "setup-"));
    try {
      await fn(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
}

describe(".env writer", () => {
  test("values round-trip through the python-dotenv parser", () => {
    for (const value of [
      "plain",
      "two words",
      "it's",
      'say "hi"',
      "a#b",
      "x #y",
      "back\\slash",
      "PASS=#78F5AE,WARN=#FFBE54",
      "",
    ]) {
      const text = `K=${formatEnvValue(value)}\n`;
      expect(resolveDotenv(parseDotenv(text).entries).get("K")).toBe(value);
    }
  });

  test("replaces in place, keeps comments and other lines, appends new keys", () => {
    const before = "# my comment\nA=1\n\n# keep me\nB='x'\n";
    const after = updateEnvText(before, { B: "two words", C: "3" });
    expect(after).toBe("# my comment\nA=1\n\n# keep me\nB='two words'\n\n# Added by ai-bridge setup\nC=3\n");
  });
});

describe("ai-bridge setup", () => {
  test(
    "non-interactive: writes .env from the template (mode 600) with PROJECT_* and the flags",
    withRoot((root) => {
      const r = cli(root, [
        "setup",
        "--non-interactive",
        "--public-host",
        "mcp.corp.example",
        "--port",
        "9443",
        "--clients",
        "alice:sub-alice:admin",
      ]);
      expect(r.code).toBe(0);
      const envPath = join(root, ".env");
      expect(statSync(envPath).mode & 0o777).toBe(0o600);
      const text = readFileSync(envPath, "utf8");
      expect(text).toContain("# AI-Bridge for Cisco UC: configuration template.");
      const { config } = parseConfigText(text, root);
      expect(config.AUTH_ISSUER).toBe("https://mcp.corp.example:9443");
      expect(config.MCP_SERVER_PORT).toBe(9443);
      expect(config.MCP_SERVER_SECURITY_ALLOWED_HOSTS).toContain("mcp.corp.example:*");
      expect(config.AUTH_CLIENTS[0]?.name).toBe("alice");
      expect(config.PROJECT_VERSION).toMatch(/^\d{6}$/);
    }),
  );

  test(
    "re-running keeps existing values and comments, rewrites PROJECT_*",
    withRoot((root) => {
      const envPath = join(root, ".env");
      writeFileSync(
        envPath,
        "# operator note\nAUTH_AUDIENCE=my-agents\nPROJECT_VERSION=199901\nLOGGING_LEVEL=debug # verbose\n",
      );
      const r = cli(root, ["setup", "--non-interactive", "--set", "AUTH_FAIL_LIMIT=5"]);
      expect(r.code).toBe(0);
      const text = readFileSync(envPath, "utf8");
      expect(text).toContain("# operator note");
      expect(text).toContain("LOGGING_LEVEL=debug # verbose");
      const { config } = parseConfigText(text, root);
      expect(config.AUTH_AUDIENCE).toBe("my-agents");
      expect(config.AUTH_FAIL_LIMIT).toBe(5);
      expect(config.PROJECT_VERSION).not.toBe("199901");
      expect(config.PROJECT_NAME).toBe("ai-bridge-for-cisco-uc");
    }),
  );

  test(
    "invalid answers are refused and nothing is written",
    withRoot((root) => {
      const r = cli(root, ["setup", "--non-interactive", "--auth-mode", "ldap"]);
      expect(r.code).toBe(1);
      expect(r.err).toContain("AUTH_MODE");
      expect(existsSync(join(root, ".env"))).toBe(false);
    }),
  );

  test(
    "without a terminal and without --non-interactive it says what to do",
    withRoot((root) => {
      const r = cli(root, ["setup"]);
      expect(r.code).toBe(1);
      expect(r.err).toContain("--non-interactive");
    }),
  );

  test(
    "interactive on a terminal: answers become the configuration",
    withRoot((root) => {
      // util-linux `script` gives the wizard a real pseudo-terminal.
      const answers = "mcp.lab.example\n10443\n127.0.0.1\noauth2\nbob:sub-bob:operator\n";
      const command = `${process.execPath} ${main} --root ${root} setup`;
      const proc = Bun.spawnSync(["script", "-qec", command, "/dev/null"], {
        stdin: Buffer.from(answers),
        stdout: "pipe",
      });
      expect(proc.stdout.toString()).toContain("Public host name");
      expect(proc.exitCode).toBe(0);
      const { config } = parseConfigText(readFileSync(join(root, ".env"), "utf8"), root);
      expect(config.AUTH_ISSUER).toBe("https://mcp.lab.example:10443");
      expect(config.MCP_SERVER_HOST).toBe("127.0.0.1");
      expect(config.AUTH_MODE).toBe("oauth2");
      expect(config.AUTH_CLIENTS).toEqual([{ name: "bob", subject: "sub-bob", profile: "operator" }]);
    }),
  );

  test(
    "--port on an existing .env keeps the public host in AUTH_ISSUER and the allowed hosts",
    withRoot((root) => {
      const first = ["setup", "--non-interactive", "--public-host", "mcp.corp.example", "--port", "8443"];
      expect(cli(root, first).code).toBe(0);
      const r = cli(root, ["setup", "--non-interactive", "--port", "10443"]);
      expect(r.err).toBe("");
      const { config } = parseConfigText(readFileSync(join(root, ".env"), "utf8"), root);
      expect(config.AUTH_ISSUER).toBe("https://mcp.corp.example:10443");
      expect(config.MCP_SERVER_PORT).toBe(10443);
      expect(config.MCP_SERVER_SECURITY_ALLOWED_HOSTS).toContain("mcp.corp.example:*");
      expect(config.MCP_SERVER_SECURITY_ALLOWED_ORIGINS).toContain("https://mcp.corp.example:10443");
      expect(config.MCP_SERVER_SECURITY_ALLOWED_ORIGINS).not.toContain("https://mcp.corp.example:8443");
    }),
  );

  test(
    "an error names the key, the value and what is allowed once, and no line of an unwritten file",
    withRoot((root) => {
      const r = cli(root, ["setup", "--non-interactive", "--auth-mode", "ldap", "--set", "LOGGING_ROTATE_FILES=0"]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('AUTH_MODE: "ldap" must be one of jwt / oauth2 / jwt+oauth2\n');
      expect(r.err).toContain('LOGGING_ROTATE_FILES: "0" must be at least 1 (allowed: a whole number from 1 to 100)');
      expect(r.err).not.toContain("line ");
      expect(r.err.match(/jwt \/ oauth2/g)).toHaveLength(1);
      expect(cli(root, ["setup", "--non-interactive", "--public-host", "a b"]).err).toContain(
        'AUTH_ISSUER host: "a b" is not a host name or IP address',
      );
    }),
  );

  test(
    "interactive: a refused answer is explained and asked again; earlier answers are kept",
    withRoot((root) => {
      const answers =
        "mcp.lab.example\n99999\n10443\n127.0.0.1\nldap\njwt\nbob:sub-bob:operator:jwt\nbob:sub-bob:operator\n";
      const command = `${process.execPath} ${main} --root ${root} setup`;
      const proc = Bun.spawnSync(["script", "-qec", command, "/dev/null"], {
        stdin: Buffer.from(answers),
        stdout: "pipe",
      });
      const shown = proc.stdout.toString();
      expect(shown).toContain(
        'MCP_SERVER_PORT: "99999" is not a port (allowed: a whole number from 1 to 65535); try again.',
      );
      expect(shown).toContain('AUTH_MODE: "ldap" must be one of jwt / oauth2 / jwt+oauth2; try again.');
      expect(shown).toContain("only valid when AUTH_MODE=jwt+oauth2");
      expect(shown.match(/HTTPS port \[/g)).toHaveLength(2);
      expect(proc.exitCode).toBe(0);
      const { config } = parseConfigText(readFileSync(join(root, ".env"), "utf8"), root);
      expect(config.AUTH_ISSUER).toBe("https://mcp.lab.example:10443");
      expect(config.AUTH_MODE).toBe("jwt");
      expect(config.AUTH_CLIENTS).toEqual([{ name: "bob", subject: "sub-bob", profile: "operator" }]);
    }),
  );

  test(
    "serve without .env exits 1 with a one-line hint",
    withRoot((root) => {
      const r = cli(root, ["serve"]);
      expect(r.code).toBe(1);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toContain("ai-bridge setup");
    }),
  );
});
