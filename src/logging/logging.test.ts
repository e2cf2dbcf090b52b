import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLoggers } from "./logger.ts";
import { REDACTED, redactRecord, redactString } from "./redact.ts";
import { RotatingFile } from "./rotating-file.ts";

describe("redaction", () => {
  test("secret-looking fields are masked at any depth", () => {
    const out = redactRecord({
      user: "axladmin",
      password: "Cisco123!",
      nested: { client_secret: "abc", headers: { Authorization: "Bearer xyz" } },
      list: [{ token: "t" }],
      token_type: "Bearer",
    }) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toContain("Cisco123!");
    expect(out["user"]).toBe("axladmin");
    expect(out["password"]).toBe(REDACTED);
    expect(out["token_type"]).toBe("Bearer");
    expect(JSON.stringify(out)).not.toContain('"abc"');
    expect(JSON.stringify(out)).not.toContain("xyz");
  });

  test("JWTs, bearer headers, PEM blocks and key=value secrets in free text are masked", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl";
    const text = `got ${jwt} and Basic YWRtaW46c2VjcmV0 and password=hunter2 -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----`;
    const masked = redactString(text);
    for (const secret of [jwt, "YWRtaW46c2VjcmV0", "hunter2", "MIIE"]) expect(masked).not.toContain(secret);
  });
});

describe("log files", () => {
  test("rotation keeps the configured number of archives", () => {
    const dir = mkdtempSync(join(tmpdir(), "rot-"));
    try {
      const file = new RotatingFile({ path: join(dir, "app.log"), maxBytes: 1000, keep: 2 });
      for (let i = 0; i < 50; i++) file.write(`${"x".repeat(99)}\n`);
      file.close();
      expect(existsSync(join(dir, "app.log.1"))).toBe(true);
      expect(existsSync(join(dir, "app.log.2"))).toBe(true);
      expect(existsSync(join(dir, "app.log.3"))).toBe(false);
      expect(readFileSync(join(dir, "app.log"), "utf8").length).toBeLessThanOrEqual(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("lines are written together at the end of the event-loop turn, in order, and close() writes the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "batch-"));
    try {
      const path = join(dir, "audit.log");
      const file = new RotatingFile({ path, maxBytes: 1_000_000, keep: 2 });
      for (let i = 0; i < 100; i++) file.write(`{"n":${i}}\n`);
      expect(readFileSync(path, "utf8")).toBe("");
      await new Promise((resolve) => setImmediate(resolve));
      const lines = readFileSync(path, "utf8").trim().split("\n");
      expect(lines.map((l) => JSON.parse(l).n)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      file.write('{"n":"last"}\n');
      file.close();
      expect(readFileSync(path, "utf8").trim().split("\n").at(-1)).toBe('{"n":"last"}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("app.log and audit.log get JSON lines without secrets; the console line is coloured", () => {
    const dir = mkdtempSync(join(tmpdir(), "log-"));
    const consoleLines: string[] = [];
    try {
      const loggers = createLoggers({
        dir,
        level: "info",
        rotateBytes: 1_000_000,
        rotateFiles: 2,
        console: true,
        consoleWrite: (line) => consoleLines.push(line),
      });
      loggers.app.info({ password: "s3cret-value" }, "login with token=abcdef123456");
      loggers.app.debug("not at info level");
      loggers.audit.event("auth.failure", { ip: "10.0.0.1", client_secret: "s3cret-value" });
      loggers.close();
      const app = readFileSync(join(dir, "app.log"), "utf8").trim().split("\n");
      expect(app).toHaveLength(1);
      const record = JSON.parse(app[0]!);
      expect(record.level).toBe("info");
      expect(record.msg).toBe(`login with token=${REDACTED}`);
      const auditText = readFileSync(join(dir, "audit.log"), "utf8");
      expect(auditText.endsWith("}\n")).toBe(true);
      const audit = JSON.parse(auditText.trim());
      // The same leading fields as an application line: level, time, then the event.
      expect(Object.keys(audit).slice(0, 3)).toEqual(["level", "time", "event"]);
      expect(audit.level).toBe("info");
      expect(Date.parse(audit.time)).toBeGreaterThan(Date.now() - 60_000);
      expect(audit.time).toBe(new Date(audit.time).toISOString());
      expect(audit.event).toBe("auth.failure");
      expect(audit.ip).toBe("10.0.0.1");
      const all = readFileSync(join(dir, "app.log"), "utf8") + readFileSync(join(dir, "audit.log"), "utf8");
      expect(all).not.toContain("s3cret-value");
      expect(all).not.toContain("abcdef123456");
      expect(consoleLines[0]).toContain("\x1b[36m");
      expect(consoleLines[0]).toContain("INFO");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
