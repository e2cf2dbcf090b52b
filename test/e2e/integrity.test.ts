/**
 * The integrity manifest from the binary: a fresh install verifies after its first start; an
 * edited .env key is named by `integrity verify` and by the start-up audit alert (never the
 * value); INTEGRITY_ON_MISMATCH=refuse stops the start; `integrity sign` accepts the change.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary } from "../support/binary.ts";
import { loopbackSetupArgs } from "../support/local-setup.ts";
import { freePort } from "../support/net.ts";
import { runBinary, serveRoot } from "../support/serve-process.ts";

let binary: string;
let root: string;
let port: number;
const auditLines = () =>
  readFileSync(join(root, "logs", "audit.log"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(() => {
  binary = ensureBinary();
  root = mkdtempSync(join(tmpdir(), "e2e-integrity-"));
  port = freePort();
  const setup = runBinary(binary, root, ...loopbackSetupArgs(port), "--clients", "alice:sub-alice-1:admin");
  expect(setup.code).toBe(0);
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("integrity", () => {
  test("the first start signs the manifest and a fresh install verifies", async () => {
    const server = await serveRoot(binary, root, port);
    expect(await server.stop()).toBe(0);
    const verify = runBinary(binary, root, "integrity", "verify");
    expect(verify.err).toBe("");
    expect(verify.out).toContain("intact");
    expect(verify.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(root, "secrets", "integrity-manifest.json"), "utf8"));
    expect(Object.keys(manifest.payload.files)).toEqual(
      expect.arrayContaining([binary, ".env", "profiles/admin.json", "secrets/server.crt", "secrets/rsa_public.pem"]),
    );
  }, 60_000);

  test("an edited key is named by verify and by the start's audit alert, never its value", async () => {
    const envPath = join(root, ".env");
    writeFileSync(envPath, readFileSync(envPath, "utf8").replace("AUTH_AUDIENCE=mcp-clients", "AUTH_AUDIENCE=aud-x91"));
    const verify = runBinary(binary, root, "integrity", "verify");
    expect(verify.code).toBe(1);
    expect(verify.out).toContain("modified: .env (keys: AUTH_AUDIENCE)");
    expect(verify.out).not.toContain("aud-x91");
    const server = await serveRoot(binary, root, port);
    expect(await server.stop()).toBe(0);
    const alert = auditLines().find((line) => line.event === "integrity.alert");
    expect(alert).toBeDefined();
    expect(JSON.stringify(alert)).toContain('"files":[".env"]');
    expect(JSON.stringify(alert)).toContain("AUTH_AUDIENCE");
    expect(readFileSync(join(root, "logs", "audit.log"), "utf8")).not.toContain("aud-x91");
  }, 60_000);

  test("INTEGRITY_ON_MISMATCH=refuse stops the start; integrity sign accepts the change", async () => {
    const envPath = join(root, ".env");
    writeFileSync(envPath, `${readFileSync(envPath, "utf8")}INTEGRITY_ON_MISMATCH=refuse\n`);
    const refused = Bun.spawnSync([binary, "--root", root, "serve"], { stdout: "pipe", stderr: "pipe" });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.toString()).toContain("INTEGRITY_ON_MISMATCH=refuse");
    expect(refused.stderr.toString()).toContain(".env");
    const sign = runBinary(binary, root, "integrity", "sign");
    expect(sign.code).toBe(0);
    expect(runBinary(binary, root, "integrity", "verify").code).toBe(0);
    const server = await serveRoot(binary, root, port);
    expect(await server.stop()).toBe(0);
  }, 60_000);

  test("setup re-records the .env it writes and nothing else", () => {
    writeFileSync(join(root, "profiles", "extra.json"), "{}");
    const setup = runBinary(binary, root, "setup", "--non-interactive", "--set", "LOGGING_LEVEL=debug");
    expect(setup.code).toBe(0);
    const verify = runBinary(binary, root, "integrity", "verify");
    expect(verify.out.trim()).toBe("added: profiles/extra.json");
    rmSync(join(root, "profiles", "extra.json"));
    expect(runBinary(binary, root, "integrity", "verify").code).toBe(0);
  }, 30_000);
});
