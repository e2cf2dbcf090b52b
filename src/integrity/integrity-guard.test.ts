import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { parseConfigText } from "../config/load.ts";
import { checkIntegrityAtStart } from "./integrity-guard.ts";
import { signManifest } from "./manifest.ts";

let root: string;
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const config = (extra = "") => parseConfigText(`${readFileSync(join(root, ".env"), "utf8")}${extra}`, root).config;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "integrity-guard-"));
  mkdirSync(join(root, "secrets"));
  writeFileSync(join(root, ".env"), "AUTH_AUDIENCE=first\n");
  writeFileSync(join(root, "secrets", "rsa_public.pem"), keys.publicKey.export({ type: "spki", format: "pem" }));
  writeFileSync(join(root, "secrets", "rsa_private.pem"), keys.privateKey.export({ type: "pkcs8", format: "pem" }));
  signManifest({ config: config(), files: {} }, keys);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function guard(extra = "") {
  const events: Array<[string, Record<string, unknown>]> = [];
  const g = checkIntegrityAtStart({
    config: config(extra),
    files: {},
    logger: pino({ level: "silent" }),
    audit: { event: (type, fields = {}) => void events.push([type, fields]) },
    rewrittenBeforeCheck: [],
  });
  return { g, events };
}

describe("integrity guard", () => {
  test("an intact start raises nothing; a watchdog sweep after an edit raises one alert naming file and key", () => {
    const { g, events } = guard();
    expect(g.atStart.status).toBe("intact");
    expect(events).toEqual([]);
    writeFileSync(join(root, ".env"), "AUTH_AUDIENCE=second\n");
    expect(g.sweep().status).toBe("mismatch");
    expect(events).toHaveLength(1);
    const [type, fields] = events[0]!;
    expect(type).toBe("integrity.alert");
    expect(fields.when).toBe("watchdog");
    expect(fields.files).toEqual([".env"]);
    expect(JSON.stringify(fields)).toContain("AUTH_AUDIENCE");
    expect(JSON.stringify(fields)).not.toContain("second");
  });

  test("a mismatch at start warns by default and refuses with INTEGRITY_ON_MISMATCH=refuse", () => {
    writeFileSync(join(root, ".env"), "AUTH_AUDIENCE=second\n");
    const { g, events } = guard();
    expect(g.atStart.status).toBe("mismatch");
    expect(events.map(([type]) => type)).toEqual(["integrity.alert"]);
    expect(() => guard("INTEGRITY_ON_MISMATCH=refuse\n")).toThrow(/INTEGRITY_ON_MISMATCH=refuse stops the start/);
  });

  test("a deleted manifest on an installation with keys is an alert, then signed again after the key step", () => {
    rmSync(join(root, "secrets", "integrity-manifest.json"));
    const { g, events } = guard();
    expect(g.atStart.status).toBe("missing");
    expect(events.map(([type]) => type)).toEqual(["integrity.alert"]);
    g.afterKeys(keys, [], false);
    expect(events.map(([type]) => type)).toEqual(["integrity.alert", "integrity.signed"]);
    expect(g.sweep().status).toBe("intact");
  });
});
