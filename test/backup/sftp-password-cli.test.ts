/**
 * `ai-bridge encrypt-sftp-password` from the compiled binary: the password comes on standard
 * input; --write stores BACKUP_SFTP_PASSWORD_ENC in .env (which makes a password-auth .env valid
 * again); --verify accepts the right password and refuses a wrong one; the value is bound to the
 * destination (another host does not decrypt it); the password is in no output and no log.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary } from "../support/binary.ts";
import { loopbackSetupArgs } from "../support/local-setup.ts";

const PASSWORD = "Sftp-backup-pass-Q7x";
const dir = mkdtempSync(join(tmpdir(), "aib-sftp-pw-"));
const root = join(dir, "bridge");
let binary = "";

function cli(args: string[], stdin?: string) {
  const proc = Bun.spawnSync([binary, "--root", root, ...args], {
    stdout: "pipe",
    stderr: "pipe",
    stdin: stdin === undefined ? "ignore" : Buffer.from(stdin),
  });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

function setEnv(updates: Record<string, string>) {
  const env = join(root, ".env");
  let text = readFileSync(env, "utf8");
  for (const [key, value] of Object.entries(updates)) {
    const line = new RegExp(`^${key}=.*$`, "m");
    text = line.test(text) ? text.replace(line, `${key}=${value}`) : `${text}\n${key}=${value}\n`;
  }
  writeFileSync(env, text);
}

beforeAll(() => {
  binary = ensureBinary();
  mkdirSync(join(root, "secrets"), { recursive: true, mode: 0o700 });
  const setup = Bun.spawnSync([binary, "--root", root, ...loopbackSetupArgs(18_444)], {
    stdout: "pipe",
    stderr: "pipe",
  });
  if (setup.exitCode !== 0) throw new Error(setup.stderr.toString());
  const keys = Bun.spawnSync(
    [
      "bash",
      "-c",
      "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out secrets/rsa_private.pem 2>/dev/null && " +
        "openssl pkey -in secrets/rsa_private.pem -pubout -out secrets/rsa_public.pem",
    ],
    { cwd: root },
  );
  if (keys.exitCode !== 0) throw new Error("openssl failed");
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("without a destination it says what to set first", () => {
  const run = cli(["encrypt-sftp-password"], `${PASSWORD}\n`);
  expect(run.code).not.toBe(0);
  expect(run.err).toContain("BACKUP_SFTP_HOST and BACKUP_SFTP_USER");
}, 30_000);

test("--write stores a bound value; .env with password auth is valid again", () => {
  setEnv({
    BACKUP_SFTP_HOST: "sftp.example.test",
    BACKUP_SFTP_USER: "aibridge",
    BACKUP_SFTP_PORT: "2222",
    BACKUP_SFTP_AUTH: "password",
  });
  // Password auth without the value is a configuration error that names the command to run.
  const invalid = cli(["backup", "list"]);
  expect(invalid.code).not.toBe(0);
  expect(invalid.err).toContain("encrypt-sftp-password --write");
  const written = cli(["encrypt-sftp-password", "--write"], `${PASSWORD}\n`);
  expect(written.err).toBe("");
  expect(written.code).toBe(0);
  expect(written.out).toContain("aibridge@sftp.example.test:2222");
  const value = /^BACKUP_SFTP_PASSWORD_ENC=(.*)$/m.exec(readFileSync(join(root, ".env"), "utf8"))?.[1] ?? "";
  expect(value).toMatch(/^'?v1:[0-9a-f]{64}:/);
  expect(cli(["backup", "list"]).code).toBe(0);
}, 30_000);

test("printing mode prints a fresh value line; it differs every time (OAEP is randomized)", () => {
  const a = cli(["encrypt-sftp-password"], `${PASSWORD}\n`).out;
  const b = cli(["encrypt-sftp-password"], `${PASSWORD}\n`).out;
  expect(a).toMatch(/^BACKUP_SFTP_PASSWORD_ENC=v1:[0-9a-f]{64}:[A-Za-z0-9+/=]+\n$/);
  expect(a).not.toBe(b);
}, 30_000);

test("--verify accepts the right password and refuses a wrong one", () => {
  const ok = cli(["encrypt-sftp-password", "--verify"], `${PASSWORD}\n`);
  expect(ok.err).toBe("");
  expect(ok.code).toBe(0);
  const wrong = cli(["encrypt-sftp-password", "--verify"], "not-the-password\n");
  expect(wrong.code).toBe(1);
  expect(wrong.err).toContain("different password");
}, 30_000);

test("the value is bound to the destination: another host does not decrypt it", () => {
  setEnv({ BACKUP_SFTP_HOST: "evil.example.test" });
  const moved = cli(["encrypt-sftp-password", "--verify"], `${PASSWORD}\n`);
  expect(moved.code).toBe(1);
  expect(moved.err).toContain("made for another SFTP host");
  setEnv({ BACKUP_SFTP_HOST: "sftp.example.test" });
  expect(cli(["encrypt-sftp-password", "--verify"], `${PASSWORD}\n`).code).toBe(0);
}, 30_000);

test("audited, and the password is in no log", () => {
  const logs = join(root, "logs");
  const text = readdirSync(logs)
    .map((f) => readFileSync(join(logs, f), "utf8"))
    .join("\n");
  expect(text).toContain('"event":"sftp_password.encrypted"');
  expect(text).toContain('"event":"sftp_password.verified"');
  expect(text).not.toContain(PASSWORD);
});
