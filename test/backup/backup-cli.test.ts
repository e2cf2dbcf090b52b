/**
 * `ai-bridge backup now|list|verify|restore` from the compiled binary on a real installation
 * tree: a restore is byte-identical with modes and links, each tampered part (archive bytes,
 * sidecar, wrapped key, header) is refused before anything is written, retention keeps the
 * newest N, the openssl commands of docs/backups.md decrypt an archive by hand, a key kept
 * in the keyring still opens an archive after the server key changed, and `kill -9` in the
 * middle of a backup leaves nothing that `list` shows as valid.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  existsSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { compareArchiveNames } from "../../src/backup/archive-file.ts";
import { ensureBinary, PROJECT_ROOT } from "../support/binary.ts";
import { loopbackSetupArgs } from "../support/local-setup.ts";

const dir = mkdtempSync(join(tmpdir(), "aib-backup-"));
const root = join(dir, "bridge");
const backups = join(root, "backups");
let binary = "";

function cli(args: string[]) {
  const proc = Bun.spawnSync([binary, "--root", root, ...args], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

function sh(script: string, cwd = dir) {
  const proc = Bun.spawnSync(["bash", "-euo", "pipefail", "-c", script], { cwd, stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

/** The archives, oldest first (a same-second `-2` name after its twin, as the product orders them). */
function archives(): string[] {
  return readdirSync(backups)
    .filter((n) => n.endsWith(".aibk") && !n.startsWith("."))
    .sort(compareArchiveNames);
}

/** Every path under `base` with type, mode, size and content hash (or link target), excluding `skip`. */
function snapshot(base: string, skip: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const rel = relative(base, path);
      if (skip.includes(rel)) continue;
      const info = lstatSync(path);
      const mode = (info.mode & 0o7777).toString(8);
      if (info.isSymbolicLink()) out[rel] = `link ${readlinkSync(path)}`;
      else if (info.isDirectory()) {
        out[rel] = `dir ${mode}`;
        walk(path);
      } else out[rel] = `file ${mode} ${info.size} ${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
    }
  };
  walk(base);
  return out;
}

function flipByte(path: string, offset: number) {
  const bytes = readFileSync(path);
  bytes[offset] = bytes[offset]! ^ 0x01;
  writeFileSync(path, bytes);
}

function rewriteSidecar(path: string) {
  const hex = createHash("sha512").update(readFileSync(path)).digest("hex");
  writeFileSync(`${path}.sha512`, `${hex}  ${path.split("/").pop()}\n`);
}

function setEnv(key: string, value: string) {
  const env = join(root, ".env");
  const text = readFileSync(env, "utf8");
  const line = new RegExp(`^${key}=.*$`, "m");
  writeFileSync(env, line.test(text) ? text.replace(line, `${key}=${value}`) : `${text}\n${key}=${value}\n`);
}

let first = "";

beforeAll(() => {
  binary = ensureBinary();
  mkdirSync(root, { recursive: true });
  const setup = Bun.spawnSync([binary, "--root", root, ...loopbackSetupArgs(18_443)], {
    stdout: "pipe",
    stderr: "pipe",
  });
  if (setup.exitCode !== 0) throw new Error(setup.stderr.toString());
  // The server key pair, made by openssl (what serve would have created at its first start).
  mkdirSync(join(root, "secrets"), { recursive: true, mode: 0o700 });
  expect(
    sh(
      `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out secrets/rsa_private.pem 2>/dev/null &&
    openssl pkey -in secrets/rsa_private.pem -pubout -out secrets/rsa_public.pem`,
      root,
    ).code,
  ).toBe(0);
  // A tree with odd modes, a link, a nested folder, an empty file and a file larger than one read chunk.
  mkdirSync(join(root, "clients", "alice", "secrets"), { recursive: true });
  writeFileSync(join(root, "clients", "alice", "secrets", ".token"), "tok-not-a-real-one\n", { mode: 0o600 });
  writeFileSync(join(root, "clients", "alice", "vault.bin"), randomBytes(1_000_000));
  writeFileSync(join(root, "empty"), "");
  writeFileSync(join(root, "run.sh"), "#!/bin/sh\necho hi\n");
  chmodSync(join(root, "run.sh"), 0o751);
  chmodSync(join(root, "clients", "alice"), 0o710);
  mkdirSync(join(root, "reports", "readonly"), { recursive: true });
  writeFileSync(join(root, "reports", "readonly", "r.md"), "# report\n");
  chmodSync(join(root, "reports", "readonly"), 0o555);
  symlinkSync("clients/alice/vault.bin", join(root, "vault-link"));
  mkdirSync(join(root, ".git"));
  writeFileSync(join(root, ".git", "HEAD"), "excluded\n");
  mkdirSync(join(root, "logs"));
  writeFileSync(join(root, "logs", "app.log"), "excluded\n");
}, 240_000);

afterAll(() => {
  sh(`chmod -R u+w ${JSON.stringify(dir)}`);
  rmSync(dir, { recursive: true, force: true });
});

describe("ai-bridge backup", () => {
  test("now writes an archive and its sidecar; list shows it; verify says OK", () => {
    const made = cli(["backup", "now"]);
    expect(made.err).toBe("");
    expect(made.code).toBe(0);
    expect(archives()).toHaveLength(1);
    first = archives()[0]!;
    expect(existsSync(join(backups, `${first}.sha512`))).toBe(true);
    expect((statSync(join(backups, first)).mode & 0o777).toString(8)).toBe("600");
    expect(cli(["backup", "list"]).out).toContain(first);
    const verified = cli(["backup", "verify", first]);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain("OK");
    // sha512sum itself accepts the sidecar.
    expect(sh(`sha512sum -c ${first}.sha512`, backups).out).toContain(": OK");
  }, 60_000);

  test("restore into a new folder is byte-identical, modes and links included; diff -r agrees", () => {
    const target = join(dir, "restored");
    const restored = cli(["backup", "restore", first, "--to", target]);
    expect(restored.err).toBe("");
    expect(restored.code).toBe(0);
    const skip = ["backups", "logs", ".git"];
    expect(snapshot(target)).toEqual(snapshot(root, skip));
    expect(Object.keys(snapshot(target))).toContain("reports/readonly/r.md");
    const diff = sh(`diff -r --no-dereference -x backups -x logs -x .git ${root} ${target}`);
    expect(diff.out + diff.err).toBe("");
    expect(diff.code).toBe(0);
  }, 60_000);

  test("a folder that holds files is refused without --overwrite, and left as it was", () => {
    const target = join(dir, "occupied");
    mkdirSync(target);
    writeFileSync(join(target, "keep.txt"), "mine\n");
    const refused = cli(["backup", "restore", first, "--to", target]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("is not empty");
    expect(readdirSync(target)).toEqual(["keep.txt"]);
    const forced = cli(["backup", "restore", first, "--to", target, "--overwrite"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(target, "run.sh"), "utf8")).toContain("echo hi");
    expect(readFileSync(join(target, "keep.txt"), "utf8")).toBe("mine\n");
  }, 60_000);

  describe("a changed byte is refused before anything is written", () => {
    const cases: Array<[string, (path: string) => void, string]> = [
      ["an archive byte", (p) => flipByte(p, statSync(p).size - 100), "does not match its sidecar"],
      [
        "a hex digit of the sidecar",
        (p) => {
          const text = readFileSync(`${p}.sha512`, "utf8");
          writeFileSync(`${p}.sha512`, `${text[0] === "0" ? "1" : "0"}${text.slice(1)}`);
        },
        "does not match its sidecar",
      ],
      ["a sidecar that is no sha512sum line", (p) => flipByte(`${p}.sha512`, 130), "is damaged"],
      [
        "an archive byte with a recomputed sidecar",
        (p) => {
          flipByte(p, statSync(p).size - 100);
          rewriteSidecar(p);
        },
        "AES-GCM authentication check",
      ],
      [
        "the GCM tag with a recomputed sidecar",
        (p) => {
          flipByte(p, statSync(p).size - 1);
          rewriteSidecar(p);
        },
        "AES-GCM authentication check",
      ],
      [
        "the wrapped key",
        (p) => {
          flipByte(p, 56 + 10);
          rewriteSidecar(p);
        },
        "wrapped key cannot be unwrapped",
      ],
      [
        "the IV in the header",
        (p) => {
          flipByte(p, 44);
          rewriteSidecar(p);
        },
        "AES-GCM authentication check",
      ],
      ["a truncated archive", (p) => writeFileSync(p, readFileSync(p).subarray(0, 5000)), "does not match its sidecar"],
    ];
    test.each(cases)(
      "%s",
      (_what, tamper, message) => {
        const copy = join(dir, `tampered-${randomBytes(4).toString("hex")}.aibk`);
        writeFileSync(copy, readFileSync(join(backups, first)));
        writeFileSync(
          `${copy}.sha512`,
          readFileSync(join(backups, `${first}.sha512`), "utf8").replace(first, copy.split("/").pop()!),
        );
        expect(cli(["backup", "verify", copy]).code).toBe(0);
        tamper(copy);
        const verify = cli(["backup", "verify", copy]);
        expect(verify.code).toBe(1);
        expect(verify.err).toContain(message);
        const target = join(dir, `never-${randomBytes(4).toString("hex")}`);
        const restore = cli(["backup", "restore", copy, "--to", target]);
        expect(restore.code).toBe(1);
        expect(restore.err).toContain(message);
        expect(existsSync(target)).toBe(false);
        expect(readdirSync(dir).filter((n) => n.includes(".restoring-"))).toEqual([]);
      },
      60_000,
    );
  });

  test("every action and failure is an audit event", () => {
    const audit = readFileSync(join(root, "logs", "audit.log"), "utf8");
    for (const event of [
      "backup.created",
      "backup.verified",
      "backup.restored",
      "backup.verify_failed",
      "backup.restore_failed",
    ])
      expect(audit).toContain(`"event":"${event}"`);
    expect(audit).not.toContain("tok-not-a-real-one");
  });

  test("the openssl commands of docs/backups.md decrypt an archive by hand", () => {
    const doc = readFileSync(join(PROJECT_ROOT, "docs", "backups.md"), "utf8");
    const section = doc.slice(doc.indexOf("### Decrypting by hand with openssl"));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBeDefined();
    const script = block!
      .replace(/^ARCHIVE=.*$/m, `ARCHIVE=${JSON.stringify(join(backups, first))}`)
      .replace(/^PRIVATE_KEY=.*$/m, `PRIVATE_KEY=${JSON.stringify(join(root, "secrets", "rsa_private.pem"))}`)
      .replace(/^OUT=.*$/m, `OUT=${JSON.stringify(join(dir, "by-hand"))}`);
    const run = sh(script);
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(snapshot(join(dir, "by-hand"))).toEqual(snapshot(root, ["backups", "logs", ".git"]));
  }, 60_000);

  test("after the server key changes, the old private key in secrets/backup-keyring/ still opens old archives", () => {
    const keyring = join(root, "secrets", "backup-keyring");
    const old = join(dir, "old-private.pem");
    renameSync(join(root, "secrets", "rsa_private.pem"), old);
    expect(
      sh(
        `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out secrets/rsa_private.pem 2>/dev/null &&
      openssl pkey -in secrets/rsa_private.pem -pubout -out secrets/rsa_public.pem`,
        root,
      ).code,
    ).toBe(0);
    const lost = cli(["backup", "verify", first]);
    expect(lost.code).toBe(1);
    expect(lost.err).toContain("backup-keyring");
    mkdirSync(keyring, { mode: 0o700 });
    writeFileSync(join(keyring, "before-rotation.pem"), readFileSync(old), { mode: 0o600 });
    expect(cli(["backup", "verify", first]).code).toBe(0);
  }, 60_000);

  test("BACKUP_RETENTION keeps the newest N archives", () => {
    setEnv("BACKUP_RETENTION", "2");
    for (let i = 0; i < 3; i++) expect(cli(["backup", "now"]).code).toBe(0);
    const kept = archives();
    expect(kept).toHaveLength(2);
    expect(kept).not.toContain(first);
    expect(readdirSync(backups).filter((n) => n.endsWith(".sha512"))).toHaveLength(2);
  }, 120_000);

  test("kill -9 in the middle of a backup leaves nothing list shows as valid; the next backup cleans up", async () => {
    const before = archives();
    // A large sparse file makes the backup last long enough to be killed in the middle.
    const big = openSync(join(root, "big.bin"), "w");
    ftruncateSync(big, 2_000_000_000);
    writeSync(big, "x", 1_999_999_999);
    closeSync(big);
    const proc = Bun.spawn([binary, "--root", root, "backup", "now"], { stdout: "pipe", stderr: "pipe" });
    const deadline = Date.now() + 60_000;
    const partial = () => readdirSync(backups).find((n) => n.startsWith(".partial-"));
    while (!(partial() !== undefined && statSync(join(backups, partial()!)).size > 1_000_000)) {
      if (Date.now() > deadline) throw new Error("the backup never started writing");
      await Bun.sleep(20);
    }
    proc.kill(9);
    await proc.exited;
    rmSync(join(root, "big.bin"));
    // The dead writer's lock is still there; the next backup takes it over.
    expect(existsSync(join(backups, ".backup.lock"))).toBe(true);
    expect(archives()).toEqual(before);
    const listed = cli(["backup", "list"]).out;
    expect(listed).not.toContain(".partial-");
    for (const name of before) expect(listed).toContain(name);
    for (const name of before) expect(cli(["backup", "verify", name]).code).toBe(0);
    expect(cli(["backup", "now"]).code).toBe(0);
    expect(readdirSync(backups).filter((n) => n.startsWith(".partial-"))).toEqual([]);
  }, 180_000);

  test("an archive without its sidecar is INCOMPLETE in list and refused by verify", () => {
    const name = archives().at(-1)!;
    const sidecar = readFileSync(join(backups, `${name}.sha512`));
    rmSync(join(backups, `${name}.sha512`));
    expect(cli(["backup", "list"]).out).toContain(`${name}  INCOMPLETE`);
    const verify = cli(["backup", "verify", name]);
    expect(verify.code).toBe(1);
    expect(verify.err).toContain("has no sidecar");
    writeFileSync(join(backups, `${name}.sha512`), sidecar);
    expect(cli(["backup", "verify", name]).code).toBe(0);
  }, 60_000);

  test("a second backup while one runs is refused, not interleaved", () => {
    writeFileSync(join(backups, ".backup.lock"), `${process.pid}\n`);
    const refused = cli(["backup", "now"]);
    rmSync(join(backups, ".backup.lock"));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`another backup is running (pid ${process.pid})`);
  }, 60_000);

  test("memory stays flat: backing up a 1.5 GB file keeps the process under 400 MB resident", async () => {
    const big = openSync(join(root, "big.bin"), "w");
    ftruncateSync(big, 1_500_000_000);
    closeSync(big);
    const proc = Bun.spawn([binary, "--root", root, "backup", "now"], { stdout: "pipe", stderr: "pipe" });
    let peakKb = 0;
    while (proc.exitCode === null) {
      try {
        const status = readFileSync(`/proc/${proc.pid}/status`, "utf8");
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // the process just ended
      }
      await Bun.sleep(25);
    }
    rmSync(join(root, "big.bin"));
    expect(await proc.exited).toBe(0);
    const newest = archives().at(-1)!;
    expect(statSync(join(backups, newest)).size).toBeGreaterThan(1_500_000_000);
    expect(peakKb).toBeGreaterThan(0);
    console.log(`peak resident memory while archiving 1.5 GB: ${Math.round(peakKb / 1024)} MB`);
    expect(peakKb).toBeLessThan(400 * 1024);
  }, 300_000);
});
