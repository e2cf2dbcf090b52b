import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfigText } from "../config/load.ts";
import { manifestPath, refreshEntries, signManifest, verifyManifest } from "./manifest.ts";

let root: string;
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ENV = "AUTH_AUDIENCE=first-audience\nMCP_SERVER_PORT=9443\nBACKUP_SFTP_PASSWORD_ENC=sealed-value-77\n";

const target = () => ({
  config: parseConfigText(readFileSync(join(root, ".env"), "utf8"), root).config,
  files: { binary: join(root, "bin", "ai-bridge"), unitFile: join(root, "unit.service") },
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "integrity-"));
  mkdirSync(join(root, "bin"));
  mkdirSync(join(root, "profiles", "_default"), { recursive: true });
  mkdirSync(join(root, "secrets"));
  writeFileSync(join(root, "bin", "ai-bridge"), "binary v1");
  writeFileSync(join(root, ".env"), ENV);
  writeFileSync(join(root, "profiles", "_default", "admin.json"), "{}");
  writeFileSync(join(root, "profiles", "admin.json"), "{}");
  writeFileSync(join(root, "secrets", "server.crt"), "cert v1");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("integrity manifest", () => {
  test("a fresh signature verifies; the manifest holds no .env value", () => {
    expect(signManifest(target(), keys)).toBe(5);
    expect(verifyManifest(target(), keys).status).toBe("intact");
    const text = readFileSync(manifestPath(target().config), "utf8");
    expect(text).toContain("RSA-PSS-SHA512");
    for (const value of ["first-audience", "sealed-value-77", "9443"]) expect(text).not.toContain(value);
  });

  test("an edited .env key is named, without its value; a changed binary and profile are listed", () => {
    signManifest(target(), keys);
    writeFileSync(join(root, ".env"), ENV.replace("first-audience", "second-audience").concat("LOGGING_LEVEL=debug\n"));
    writeFileSync(join(root, "bin", "ai-bridge"), "binary v2");
    writeFileSync(join(root, "profiles", "evil.json"), "{}");
    unlinkSync(join(root, "profiles", "admin.json"));
    const report = verifyManifest(target(), keys);
    expect(report.status).toBe("mismatch");
    expect(report.changes).toContainEqual({
      file: ".env",
      change: "modified",
      keys: ["AUTH_AUDIENCE", "LOGGING_LEVEL"],
    });
    expect(report.changes).toContainEqual({ file: "bin/ai-bridge", change: "modified" });
    expect(report.changes).toContainEqual({ file: "profiles/evil.json", change: "added" });
    expect(report.changes).toContainEqual({ file: "profiles/admin.json", change: "missing" });
    expect(JSON.stringify(report)).not.toContain("second-audience");
  });

  test("without the private key a changed .env is reported, not broken down by key", () => {
    signManifest(target(), keys);
    writeFileSync(join(root, ".env"), ENV.replace("9443", "9444"));
    const report = verifyManifest(target(), { publicKey: keys.publicKey });
    expect(report.changes).toEqual([{ file: ".env", change: "modified" }]);
  });

  test("an edited manifest, or one signed by another key, is untrusted", () => {
    signManifest(target(), keys);
    expect(verifyManifest(target(), otherKeys).status).toBe("untrusted");
    expect(verifyManifest(target(), otherKeys).reason).toContain("another RSA key");
    const path = manifestPath(target().config);
    const file = JSON.parse(readFileSync(path, "utf8"));
    file.payload.files["bin/ai-bridge"].sha512 = "0".repeat(128);
    writeFileSync(path, JSON.stringify(file));
    const report = verifyManifest(target(), keys);
    expect(report.status).toBe("untrusted");
    expect(report.reason).toContain("edited after signing");
    writeFileSync(path, "not json");
    expect(verifyManifest(target(), keys).status).toBe("untrusted");
  });

  test("refreshing the server's own rewrite keeps other changes reported", () => {
    signManifest(target(), keys);
    writeFileSync(join(root, "secrets", "server.crt"), "cert v2");
    writeFileSync(join(root, "bin", "ai-bridge"), "binary v2");
    expect(refreshEntries(target(), keys, [join(root, "secrets", "server.crt")])).toBe(true);
    expect(verifyManifest(target(), keys).changes).toEqual([{ file: "bin/ai-bridge", change: "modified" }]);
  });

  test("the unit file counts only when it starts this root", () => {
    writeFileSync(join(root, "unit.service"), "ExecStart=/opt/other/bin/ai-bridge --root /opt/other serve\n");
    expect(signManifest(target(), keys)).toBe(5);
    writeFileSync(join(root, "unit.service"), `ExecStart=${root}/bin/ai-bridge --root ${root} serve\n`);
    expect(verifyManifest(target(), keys).changes).toEqual([{ file: "unit.service", change: "added" }]);
  });

  test("no manifest is reported as missing", () => {
    expect(verifyManifest(target(), keys).status).toBe("missing");
  });
});
