/**
 * SFTP export from the compiled binary to a real OpenSSH server started here: sshd with its own
 * configuration on a loopback port, a throwaway user, internal-sftp. Key and password
 * authentication; known_hosts from ssh-keyscan (plain and hashed, non-default port); retention
 * on both sides; an unknown and a changed host key abort, and sshd's own log shows that no
 * authentication was attempted; a failed export is caught up by the next one.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareArchiveNames } from "../../src/backup/archive-file.ts";
import { ensureBinary } from "../support/binary.ts";
import { IN_CI } from "../support/lab-fixtures.ts";
import { loopbackSetupArgs } from "../support/local-setup.ts";
import { freePort } from "../support/net.ts";

const SSHD = "/usr/sbin/sshd";
const canRun = existsSync(SSHD) && process.getuid?.() === 0;
const PASSWORD = "Sftp-export-pass-K3v";
const user = `aibsftp${Math.random().toString(36).slice(2, 8)}`;
const dir = mkdtempSync(join(tmpdir(), "aib-sftp-"));
const root = join(dir, "bridge");
const home = join(dir, "home");
const remote = join(home, "backups", "ai-bridge");
const sshdLog = join(dir, "sshd.log");
const knownHosts = join(root, "secrets", "sftp_known_hosts");
let port = 0;
let sshd: ReturnType<typeof Bun.spawn> | undefined;
let binary = "";

function run(cmd: string[], options: { cwd?: string; stdin?: string } = {}) {
  const proc = Bun.spawnSync(cmd, {
    cwd: options.cwd ?? dir,
    stdout: "pipe",
    stderr: "pipe",
    stdin: options.stdin === undefined ? "ignore" : Buffer.from(options.stdin),
  });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

const cli = (args: string[], stdin?: string) => run([binary, "--root", root, ...args], { stdin });

function setEnv(updates: Record<string, string>) {
  const env = join(root, ".env");
  let text = readFileSync(env, "utf8");
  for (const [key, value] of Object.entries(updates)) {
    const line = new RegExp(`^${key}=.*$`, "m");
    text = line.test(text) ? text.replace(line, `${key}=${value}`) : `${text}\n${key}=${value}\n`;
  }
  writeFileSync(env, text);
}

const remoteArchives = () =>
  existsSync(remote)
    ? readdirSync(remote)
        .filter((n) => n.endsWith(".aibk"))
        .sort(compareArchiveNames)
    : [];
const localArchives = () =>
  readdirSync(join(root, "backups"))
    .filter((n) => n.endsWith(".aibk") && !n.startsWith("."))
    .sort(compareArchiveNames);
const logSize = () => readFileSync(sshdLog, "utf8").length;
const logSince = (offset: number) => readFileSync(sshdLog, "utf8").slice(offset);
/** Lines sshd writes once a client asks to authenticate (at LogLevel DEBUG1), whatever the method. */
const AUTH_LINES = /userauth|Accepted |Failed |Postponed |authentications that can continue|Invalid user/i;

function keyscan(hashed: boolean): string {
  const scan = run(["/usr/bin/ssh-keyscan", ...(hashed ? ["-H"] : []), "-p", String(port), "127.0.0.1"]);
  if (scan.code !== 0 || scan.out.trim() === "") throw new Error(`ssh-keyscan failed: ${scan.err}`);
  return scan.out;
}

describe.skipIf(!canRun && !IN_CI)("SFTP export against a real OpenSSH server", () => {
  beforeAll(async () => {
    expect(existsSync(SSHD)).toBe(true);
    expect(process.getuid?.()).toBe(0);
    binary = ensureBinary();
    chmodSync(dir, 0o755);
    // The throwaway account sshd authenticates (password in /etc/shadow, key in our authorized_keys).
    expect(run(["useradd", "-M", "-d", home, "-s", "/usr/sbin/nologin", user]).code).toBe(0);
    expect(run(["chpasswd"], { stdin: `${user}:${PASSWORD}\n` }).code).toBe(0);
    mkdirSync(home, { mode: 0o755 });
    const uid = Number(run(["id", "-u", user]).out.trim());
    const gid = Number(run(["id", "-g", user]).out.trim());
    chownSync(home, uid, gid);
    for (const type of ["ed25519", "rsa"])
      expect(run(["/usr/bin/ssh-keygen", "-q", "-t", type, "-N", "", "-f", join(dir, `host_${type}`)]).code).toBe(0);
    expect(run(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", join(dir, "client_key")]).code).toBe(0);
    expect(run(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", join(dir, "impostor_key")]).code).toBe(0);
    writeFileSync(join(dir, "authorized_keys"), readFileSync(join(dir, "client_key.pub")));
    port = freePort();
    writeFileSync(
      join(dir, "sshd_config"),
      [
        `Port ${port}`,
        "ListenAddress 127.0.0.1",
        `HostKey ${join(dir, "host_ed25519")}`,
        `HostKey ${join(dir, "host_rsa")}`,
        "PidFile none",
        "UsePAM no",
        "PasswordAuthentication yes",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes",
        `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
        "StrictModes no",
        `AllowUsers ${user}`,
        "Subsystem sftp internal-sftp",
        "ForceCommand internal-sftp",
        "LogLevel DEBUG1",
        "",
      ].join("\n"),
    );
    mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    writeFileSync(sshdLog, "");
    sshd = Bun.spawn([SSHD, "-D", "-f", join(dir, "sshd_config"), "-E", sshdLog], { stdout: "pipe", stderr: "pipe" });
    const deadline = Date.now() + 20_000;
    while (!readFileSync(sshdLog, "utf8").includes("Server listening on")) {
      if (sshd.exitCode !== null || Date.now() > deadline)
        throw new Error(`sshd did not start:\n${readFileSync(sshdLog, "utf8")}`);
      await Bun.sleep(50);
    }
    // The bridge: configured by setup, keys made by openssl, SFTP export by key first.
    mkdirSync(join(root, "secrets"), { recursive: true, mode: 0o700 });
    expect(run([binary, "--root", root, ...loopbackSetupArgs(18_445)]).code).toBe(0);
    expect(
      run(
        [
          "bash",
          "-c",
          "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out secrets/rsa_private.pem 2>/dev/null && " +
            "openssl pkey -in secrets/rsa_private.pem -pubout -out secrets/rsa_public.pem",
        ],
        { cwd: root },
      ).code,
    ).toBe(0);
    setEnv({
      BACKUP_SFTP_HOST: "127.0.0.1",
      BACKUP_SFTP_PORT: String(port),
      BACKUP_SFTP_USER: user,
      BACKUP_SFTP_AUTH: "key",
      BACKUP_SFTP_KEY_FILE: join(dir, "client_key"),
      BACKUP_SFTP_REMOTE_PATH: remote,
      BACKUP_RETENTION: "3",
      BACKUP_SFTP_RETENTION: "2",
    });
    writeFileSync(join(root, "state.txt"), "the installation\n");
  }, 240_000);

  afterAll(async () => {
    sshd?.kill();
    await sshd?.exited;
    if (canRun) run(["userdel", user]);
    rmSync(dir, { recursive: true, force: true });
  });

  test("key auth with a plain known_hosts entry on a non-default port: archive and sidecar arrive intact", () => {
    writeFileSync(knownHosts, keyscan(false), { mode: 0o600 });
    const made = cli(["backup", "now"]);
    expect(made.err).toBe("");
    expect(made.code).toBe(0);
    expect(made.out).toContain("Exported to");
    const [name] = localArchives();
    expect(remoteArchives()).toEqual([name!]);
    expect(readFileSync(join(remote, name!)).equals(readFileSync(join(root, "backups", name!)))).toBe(true);
    expect(readFileSync(join(remote, `${name}.sha512`), "utf8")).toBe(
      readFileSync(join(root, "backups", `${name}.sha512`), "utf8"),
    );
    expect(readdirSync(remote).filter((n) => n.startsWith("."))).toEqual([]);
    expect(readFileSync(sshdLog, "utf8")).toContain(`Accepted publickey for ${user}`);
  }, 60_000);

  test("password auth (encrypt-sftp-password) with a hashed known_hosts entry", () => {
    writeFileSync(knownHosts, keyscan(true), { mode: 0o600 });
    expect(readFileSync(knownHosts, "utf8")).toStartWith("|1|");
    expect(cli(["encrypt-sftp-password", "--write"], `${PASSWORD}\n`).code).toBe(0);
    setEnv({ BACKUP_SFTP_AUTH: "password" });
    const before = logSize();
    const made = cli(["backup", "now"]);
    expect(made.err).toBe("");
    expect(made.code).toBe(0);
    expect(remoteArchives()).toHaveLength(2);
    expect(logSince(before)).toContain(`Accepted password for ${user}`);
  }, 60_000);

  test("retention on both sides: BACKUP_RETENTION=3 locally, BACKUP_SFTP_RETENTION=2 remotely", () => {
    for (let i = 0; i < 2; i++) expect(cli(["backup", "now"]).code).toBe(0);
    const local = localArchives();
    expect(local).toHaveLength(3);
    expect(remoteArchives()).toEqual(local.slice(-2));
    expect(readdirSync(remote).filter((n) => n.endsWith(".sha512"))).toHaveLength(2);
  }, 120_000);

  test("an unknown host key (no entry for this host and port) aborts before connecting", () => {
    const right = keyscan(false);
    // The right key, but pinned for port 22 only: no entry for [127.0.0.1]:port.
    writeFileSync(knownHosts, right.replaceAll(`[127.0.0.1]:${port}`, "127.0.0.1"), { mode: 0o600 });
    const before = logSize();
    const made = cli(["backup", "now"]);
    expect(made.code).toBe(1);
    expect(made.err).toContain(`no host key for [127.0.0.1]:${port}`);
    expect(made.err).toContain("ssh-keyscan");
    const log = logSince(before);
    expect(log).not.toContain("Connection from");
    expect(log).not.toMatch(AUTH_LINES);
  }, 60_000);

  test("a changed host key aborts during key exchange: sshd logged the connection and no authentication attempt", () => {
    const impostor = readFileSync(join(dir, "impostor_key.pub"), "utf8").split(" ").slice(0, 2).join(" ");
    writeFileSync(knownHosts, `[127.0.0.1]:${port} ${impostor}\n`, { mode: 0o600 });
    const before = logSize();
    const made = cli(["backup", "now"]);
    expect(made.code).toBe(1);
    expect(made.err).toContain("does not match");
    expect(made.err).not.toContain(PASSWORD);
    const log = logSince(before);
    expect(log).toContain("Connection from 127.0.0.1");
    expect(log).not.toMatch(AUTH_LINES);
    const audit = readFileSync(join(root, "logs", "audit.log"), "utf8");
    expect(audit).toContain('"event":"backup.export_failed"');
  }, 60_000);

  test("a key of another type pinned: the client offers only pinned types and still connects; the missed exports catch up", () => {
    const missed = localArchives().filter((n) => !remoteArchives().includes(n));
    expect(missed.length).toBeGreaterThan(0);
    const rsaOnly = keyscan(false)
      .split("\n")
      .filter((l) => l.includes(" ssh-rsa "))
      .join("\n");
    expect(rsaOnly).toContain("ssh-rsa");
    writeFileSync(knownHosts, `${rsaOnly}\n`, { mode: 0o600 });
    const exported = cli(["backup", "export"]);
    expect(exported.err).toBe("");
    expect(exported.code).toBe(0);
    expect(remoteArchives()).toEqual(localArchives().slice(-2));
  }, 60_000);

  test("no password or key material in any log", () => {
    const logs = join(root, "logs");
    const text = readdirSync(logs)
      .map((f) => readFileSync(join(logs, f), "utf8"))
      .join("\n");
    expect(text).toContain('"event":"backup.exported"');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain("PRIVATE KEY");
  });
});
