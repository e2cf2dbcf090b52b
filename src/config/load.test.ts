import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDotenv } from "./dotenv.ts";
import { ConfigInvalidError, ConfigMissingError, loadConfig, parseConfigText } from "./load.ts";
import { CONFIG_KEYS, CONFIG_SPEC } from "./schema.ts";

const root = "/srv/ai-bridge";

describe("configuration schema", () => {
  test("an empty file gives every default of the reference", () => {
    const { config } = parseConfigText("", root);
    expect(config.MCP_SERVER_PORT).toBe(8443);
    expect(config.MCP_SERVER_HOST).toBe("0.0.0.0");
    expect(config.AUTH_MODE).toBe("jwt");
    expect(config.AUTH_RSA_KEY_SIZE).toBe("4096");
    expect(config.SERVER_IMP_SSH_TIMEOUT).toBe(120);
    expect(config.SERVER_CUC_SSH_TIMEOUT).toBe(60);
    expect(config.SERVER_CUCM_SSL_VERIFY).toBe(true);
    expect(config.MCP_SERVER_SECURITY_ALLOWED_HOSTS).toEqual(["localhost:*", "127.0.0.1:*", "mcp.domain.com:*"]);
    expect(config.REPORT_CHARTS_COLORS["N/A"]).toBe("#BACCCC");
    expect(config.AUTH_CLIENTS).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test("booleans accept every spelling of the reference", () => {
    for (const [word, expected] of [
      ["1", true],
      ["true", true],
      ["True", true],
      ["yes", true],
      ["0", false],
      ["false", false],
      ["False", false],
      ["no", false],
    ] as const) {
      expect(parseConfigText(`BACKUP_ENABLED=${word}`, root).config.BACKUP_ENABLED).toBe(expected);
    }
  });

  test("a bad file is one report naming every bad key, its line and what is allowed", () => {
    const text =
      "MCP_SERVER_PORT=99999\nAUTH_MODE=ldap\n# fine\nLOGGING_CONSOLE_ENABLED=maybe\nAUTH_CLIENTS='bad name:s:admin'\n";
    let error: unknown;
    try {
      parseConfigText(text, root, "/x/.env");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigInvalidError);
    const invalid = error as ConfigInvalidError;
    expect(invalid.issues.map((i) => [i.key, i.line])).toEqual([
      ["MCP_SERVER_PORT", 1],
      ["AUTH_CLIENTS", 5],
      ["AUTH_MODE", 2],
      ["LOGGING_CONSOLE_ENABLED", 4],
    ]);
    const report = invalid.report();
    expect(report).toContain("MCP_SERVER_PORT [line 1]");
    expect(report).toContain("one of jwt / oauth2 / jwt+oauth2");
    expect(report).toContain("1/0/true/false/True/False/yes/no");
  });

  test("AUTH_CLIENTS: 4th field only in hybrid mode, duplicates refused", () => {
    expect(() => parseConfigText("AUTH_CLIENTS=a:s:admin:jwt", root)).toThrow(ConfigInvalidError);
    const hybrid = parseConfigText("AUTH_MODE=jwt+oauth2\nAUTH_CLIENTS=a:s:admin:oauth2,b:t:auditor", root).config;
    expect(hybrid.AUTH_CLIENTS).toEqual([
      { name: "a", subject: "s", profile: "admin", mode: "oauth2" },
      { name: "b", subject: "t", profile: "auditor" },
    ]);
    expect(() => parseConfigText("AUTH_CLIENTS=a:s:admin,a:t:auditor", root)).toThrow(/declared twice/);
  });

  test("AUTH_OAUTH_REDIRECT_URIS: a wildcard inside a label or a path is refused, naming the entry", () => {
    const bad = `AUTH_OAUTH_REDIRECT_URIS={"a": ["https://app.example.com*", "https://*.example.com/cb"]}`;
    expect(() => parseConfigText(bad, root)).toThrow(/"https:\/\/app\.example\.com\*".*first host label/);
    const good = `AUTH_OAUTH_REDIRECT_URIS={"a": ["https://*.example.com/cb", "http://127.0.0.1:*/callback"]}`;
    expect(parseConfigText(good, root).config.AUTH_OAUTH_REDIRECT_URIS.a).toHaveLength(2);
  });

  test("unknown keys are warnings, not errors", () => {
    const { warnings } = parseConfigText("SOME_TYPO=1\n", root);
    expect(warnings).toEqual([".env line 1: unknown key SOME_TYPO is ignored"]);
  });

  test("CA-signed certificate keys must come together", () => {
    expect(() => parseConfigText("TLS_CA_SIGNED_CERT_FILE=./c.pem", root)).toThrow(/must be set together/);
  });
});

describe("loading from disk", () => {
  test("a missing .env names the setup command", () => {
    const dir = mkdtempSync(join(tmpdir(), "cfg-"));
    try {
      expect(() => loadConfig(dir)).toThrow(ConfigMissingError);
      expect(() => loadConfig(dir)).toThrow(/ai-bridge setup/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the process environment is never read: an exported AUTH_ISSUER is ignored", () => {
    const dir = mkdtempSync(join(tmpdir(), "cfg-"));
    const previous = process.env["AUTH_ISSUER"];
    process.env["AUTH_ISSUER"] = "https://from-the-environment.example:1";
    try {
      writeFileSync(join(dir, ".env"), "AUTH_AUDIENCE=x\n");
      expect(loadConfig(dir).config.AUTH_ISSUER).toBe("https://mcp.domain.com:8443");
      writeFileSync(join(dir, ".env"), "AUTH_ISSUER=https://from-the-file.example:8443\n");
      expect(loadConfig(dir).config.AUTH_ISSUER).toBe("https://from-the-file.example:8443");
    } finally {
      if (previous === undefined) delete process.env["AUTH_ISSUER"];
      else process.env["AUTH_ISSUER"] = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(".env.example", () => {
  const example = readFileSync(join(import.meta.dir, "../../.env.example"), "utf8");
  const parsed = parseDotenv(example);

  test("documents every key of the schema, with the schema's default, and nothing else", () => {
    expect(parsed.problems).toEqual([]);
    const documented = parsed.entries.map((e) => e.key);
    expect([...documented].sort()).toEqual([...CONFIG_KEYS].sort());
    for (const entry of parsed.entries) {
      const spec = CONFIG_SPEC[entry.key as keyof typeof CONFIG_SPEC];
      expect(`${entry.key}=${entry.value}`).toBe(`${entry.key}=${spec.default}`);
    }
  });

  test("every key has a comment or section heading above it", () => {
    const lines = example.split("\n");
    const firstKeyLine = lines.findIndex((l) => /^[A-Z_]+=/.test(l));
    expect(lines.slice(0, firstKeyLine).some((l) => l.startsWith("#"))).toBe(true);
  });

  test("it validates as a configuration", () => {
    expect(() => parseConfigText(example, root)).not.toThrow();
  });
});
