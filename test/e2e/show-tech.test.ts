/**
 * `ai-bridge show-tech` from the binary against a running appliance with JWT and OAuth clients,
 * stored credentials and an encrypted SFTP password: the bundle opens with tar, holds what
 * support needs, and none of the secrets this installation holds (checked for every one).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary } from "../support/binary.ts";
import { loopbackSetupArgs } from "../support/local-setup.ts";
import { freePort } from "../support/net.ts";
import { runBinary, serveRoot } from "../support/serve-process.ts";

const PASSWORD = "Cucm-Adm1n-pw-7731";
const SFTP_ENC = "sftpenc-4f1c2d9a8b7e6f5a";
let binary: string;
let root: string;
let bundleDir: string;
let bundle = "";

/** Every file under `dir`, concatenated with its name. */
function readTree(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return `=== ${path}\n${readFileSync(path, "utf8")}`;
    })
    .join("\n");
}

beforeAll(async () => {
  binary = ensureBinary();
  root = mkdtempSync(join(tmpdir(), "e2e-showtech-"));
  bundleDir = mkdtempSync(join(tmpdir(), "e2e-showtech-out-"));
  const port = freePort();
  const setup = runBinary(
    binary,
    root,
    ...loopbackSetupArgs(port),
    "--auth-mode",
    "jwt+oauth2",
    "--clients",
    "alice:sub-alice-1:admin:jwt,bob:sub-bob-1:operator:oauth2",
  );
  expect(setup.code).toBe(0);
  writeFileSync(
    join(root, ".env"),
    `${readFileSync(join(root, ".env"), "utf8")}BACKUP_SFTP_PASSWORD_ENC=${SFTP_ENC}\n`,
  );
  const server = await serveRoot(binary, root, port);
  try {
    const stored = Bun.spawnSync(
      [binary, "--root", root, "credentials", "set", "--client", "alice", "--product", "cucm", "--kind", "axl"].concat([
        "--host",
        "cucm-pub.lab",
        "--username",
        "axladmin",
      ]),
      { stdin: Buffer.from(`${PASSWORD}\n`), stdout: "pipe", stderr: "pipe" },
    );
    expect(stored.stderr.toString()).not.toContain("error");
    expect(stored.exitCode).toBe(0);
    const out = join(bundleDir, "bundle.tar.gz");
    const tech = runBinary(binary, root, "show-tech", "--out", out, "--lines", "200");
    expect(tech.err).toBe("");
    expect(tech.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const untar = Bun.spawnSync(["tar", "-xzf", out, "-C", bundleDir], { stderr: "pipe" });
    expect(untar.exitCode).toBe(0);
    bundle = readTree(bundleDir);
  } finally {
    await server.stop();
  }
}, 180_000);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
});

/** Every secret on disk: client files, private keys, other secret files, the SFTP password. */
function secretsOnDisk(): Array<[string, string]> {
  const found: Array<[string, string]> = [
    ["credential password", PASSWORD],
    ["BACKUP_SFTP_PASSWORD_ENC", SFTP_ENC],
  ];
  for (const client of ["alice", "bob"]) {
    const dir = join(root, "clients", client, "secrets");
    for (const name of readdirSync(dir)) {
      if (name.startsWith(".")) found.push([`${client}/${name}`, readFileSync(join(dir, name), "utf8").trim()]);
    }
  }
  for (const name of readdirSync(join(root, "secrets"))) {
    const path = join(root, "secrets", name);
    if (!statSync(path).isFile() || name.endsWith(".crt") || name.includes("public") || name.endsWith(".json"))
      continue;
    const text = readFileSync(path, "utf8");
    // Key material: every base64 line of a PEM (a partial copy is a leak too), or the whole file.
    const body = text.split("\n").filter((line) => line.length >= 40 && !line.startsWith("-----"));
    for (const line of body.length > 0 ? body : [text.trim()]) found.push([name, line]);
  }
  return found.filter(([, value]) => value.length >= 8);
}

describe("show-tech", () => {
  test("the bundle holds no token, client secret, stored password or key material", () => {
    const secrets = secretsOnDisk();
    expect(secrets.map(([what]) => what)).toEqual(
      expect.arrayContaining([
        "alice/.token",
        "alice/.uuid",
        "bob/.secret",
        "bob/.secret_hash",
        "rsa_private.pem",
        "server.key",
      ]),
    );
    for (const [what, value] of secrets) {
      if (bundle.includes(value)) throw new Error(`the bundle contains ${what}`);
    }
    expect(bundle).not.toContain("PRIVATE KEY");
    expect(bundle).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./);
  });

  test("it holds what support needs", () => {
    for (const fact of [
      "version: ",
      "# /etc/os-release",
      "AUTH_MODE=jwt+oauth2",
      "BACKUP_SFTP_PASSWORD_ENC=[REDACTED]",
      "alice: subject sub-alice-1, profile admin, mode jwt; .token yes",
      "bob: subject sub-bob-1, profile operator, mode oauth2",
      "stored credentials: cucm",
      "SHA-256 fingerprint: ",
      "SANs: DNS:localhost",
      "RSA public key (AUTH_RSA_PUBLIC_KEY_FILE)",
      "status: intact",
      '"event":"server.started"',
      "## profiles/admin.json",
      "SERVER_CUCM_AXL_SCHEMAS_DIR",
      '"ok": true',
      '"status": "ok"',
    ]) {
      expect(bundle).toContain(fact);
    }
  });

  test("a bad --lines is one clear error", () => {
    const r = runBinary(binary, root, "show-tech", "--lines", "lots");
    expect(r.code).toBe(1);
    expect(r.err).toContain('--lines takes a whole number from 1 to 100000, not "lots"');
  });
});
