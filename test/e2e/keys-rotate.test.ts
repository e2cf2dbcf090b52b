/**
 * `ai-bridge keys rotate` from the binary on an installation with a JWT client, an OAuth client,
 * a backup and an encrypted SFTP password: refused while the integrity manifest does not match;
 * then a new token for the JWT client, the previous one accepted during the grace period and
 * refused after it, the OAuth access token still accepted, both keys in the JWKS, the older
 * backup still verifiable, the SFTP password re-encrypted, the manifest re-signed; audited.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary } from "../support/binary.ts";
import { loopbackSetupArgs } from "../support/local-setup.ts";
import { freePort } from "../support/net.ts";
import { runBinary, type ServedRoot, serveRoot } from "../support/serve-process.ts";

const SFTP_PASSWORD = "sftp-Pass-2291";
const GRACE_SECONDS = 40;
let binary: string;
let root: string;
let port: number;
let server: ServedRoot | undefined;
let ca = "";
let oldToken = "";
let oauthToken = "";
let bobSecret = "";
let backupFile = "";
let rotatedAt = 0;

const url = (path: string) => `https://localhost:${port}${path}`;
const tls = () => ({ tls: { ca } }) as RequestInit;

async function mcpStatus(token: string): Promise<number> {
  const res = await fetch(url("/mcp"), {
    ...tls(),
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });
  await res.arrayBuffer();
  return res.status;
}

async function start() {
  server = await serveRoot(binary, root, port);
  ca = readFileSync(join(root, "secrets", "ca.crt"), "utf8");
}

beforeAll(async () => {
  binary = ensureBinary();
  root = mkdtempSync(join(tmpdir(), "e2e-rotate-"));
  port = freePort();
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
  await start();
  oldToken = runBinary(binary, root, "token", "show", "alice").out.trim();
  const secret = readFileSync(join(root, "clients", "bob", "secrets", ".secret"), "utf8").trim();
  bobSecret = secret;
  const granted = await fetch(url("/token"), {
    ...tls(),
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`bob:${secret}`).toString("base64")}`,
    },
    body: "grant_type=client_credentials",
  });
  expect(granted.status).toBe(200);
  oauthToken = ((await granted.json()) as { access_token: string }).access_token;
  const backup = runBinary(binary, root, "backup", "now");
  expect(backup.err).toBe("");
  expect(backup.code).toBe(0);
  backupFile = /ai-bridge-backup-[^\s]+\.aibk/.exec(backup.out)![0];
  // The SFTP destination is set after the backup (a backup would try to export to it).
  const sftp = ["setup", "--non-interactive", "--set", "BACKUP_SFTP_HOST=sftp.example.net"];
  expect(runBinary(binary, root, ...sftp, "--set", "BACKUP_SFTP_USER=aibridge").code).toBe(0);
  const encrypted = Bun.spawnSync([binary, "--root", root, "encrypt-sftp-password", "--write"], {
    stdin: Buffer.from(`${SFTP_PASSWORD}\n`),
    stdout: "pipe",
    stderr: "pipe",
  });
  expect(encrypted.exitCode).toBe(0);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe("keys rotate", () => {
  test("refused, with nothing changed, while the installation does not match its manifest", () => {
    const before = readFileSync(join(root, "secrets", "rsa_private.pem"), "utf8");
    const refused = runBinary(binary, root, "keys", "rotate");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("modified: .env (keys: BACKUP_SFTP_PASSWORD_ENC)");
    expect(refused.err).toContain("nothing was changed");
    expect(readFileSync(join(root, "secrets", "rsa_private.pem"), "utf8")).toBe(before);
    expect(runBinary(binary, root, "integrity", "sign").code).toBe(0);
  });

  test("rotates: new JWT, old one accepted in the grace period, OAuth token still valid, both keys published", async () => {
    const sftpBefore = /BACKUP_SFTP_PASSWORD_ENC=(\S+)/.exec(readFileSync(join(root, ".env"), "utf8"))![1]!;
    rotatedAt = Date.now();
    const rotated = runBinary(binary, root, "keys", "rotate", "--grace", `${GRACE_SECONDS}s`);
    expect(rotated.err).toBe("");
    expect(rotated.code).toBe(0);
    expect(rotated.out).toContain("New JWT-mode tokens for: alice");
    await server!.stop();
    await start();
    const newToken = runBinary(binary, root, "token", "show", "alice").out.trim();
    expect(newToken).not.toBe(oldToken);
    expect(await mcpStatus(newToken)).toBe(200);
    const oldStatus = await mcpStatus(oldToken);
    expect(Date.now() - rotatedAt).toBeLessThan(GRACE_SECONDS * 1000);
    expect(oldStatus).toBe(200);
    expect(await mcpStatus(oauthToken)).toBe(200);
    const jwks = (await (await fetch(url("/.well-known/jwks.json"), tls())).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(2);
    const sftpAfter = /BACKUP_SFTP_PASSWORD_ENC=(\S+)/.exec(readFileSync(join(root, ".env"), "utf8"))![1]!;
    expect(sftpAfter).not.toBe(sftpBefore);
    expect(sftpAfter.split(":")[1]).not.toBe(sftpBefore.split(":")[1]);
  }, 90_000);

  test("an OAuth token signed with the retired key is revoked by POST /revoke, and refused from then on", async () => {
    expect(await mcpStatus(oauthToken)).toBe(200);
    const revoked = await fetch(url("/revoke"), {
      ...tls(),
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`bob:${bobSecret}`).toString("base64")}`,
      },
      body: `token=${encodeURIComponent(oauthToken)}`,
    });
    expect(revoked.status).toBe(200);
    expect(await mcpStatus(oauthToken)).toBe(401);
    expect(readFileSync(join(root, "logs", "audit.log"), "utf8")).toContain('"via":"revoke_endpoint"');
  });

  test("the backup made before still verifies; the SFTP password still opens; the manifest is intact", () => {
    expect(runBinary(binary, root, "backup", "verify", backupFile).code).toBe(0);
    const check = Bun.spawnSync([binary, "--root", root, "encrypt-sftp-password", "--verify"], {
      stdin: Buffer.from(`${SFTP_PASSWORD}\n`),
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(check.exitCode).toBe(0);
    expect(runBinary(binary, root, "integrity", "verify").code).toBe(0);
  }, 60_000);

  test("after the grace period the old token is refused and the new one works", async () => {
    // The grace period runs from the moment the command rotated (recorded with the retired key).
    const retired = JSON.parse(readFileSync(join(root, "secrets", "retired_keys.json"), "utf8"));
    const jwtUntil = retired.keys[0].jwtUntil as number;
    expect(jwtUntil * 1000 - rotatedAt).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000);
    const wait = (jwtUntil + 1) * 1000 - Date.now();
    if (wait > 0) await Bun.sleep(wait);
    expect(await mcpStatus(oldToken)).toBe(401);
    expect(await mcpStatus(runBinary(binary, root, "token", "show", "alice").out.trim())).toBe(200);
    const audit = readFileSync(join(root, "logs", "audit.log"), "utf8");
    expect(audit).toContain('"event":"keys.rotated"');
    expect(audit).toContain('"reason":"key_retired"');
    expect(audit).not.toContain(SFTP_PASSWORD);
  }, 90_000);
});
