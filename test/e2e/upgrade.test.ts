/**
 * `ai-bridge upgrade` from an installed binary, with systemd played by a stand-in `systemctl` on
 * PATH (this machine runs no systemd) that starts `<root>/bin/ai-bridge --root <root> serve` like
 * the unit's ExecStart: refused on an integrity mismatch with nothing changed; a good binary is
 * swapped atomically after a backup, PROJECT_* rewritten, the manifest re-signed, the service
 * restarted and healthy; a binary that answers `version` but cannot serve is rolled back.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary } from "../support/binary.ts";
import { loopbackSetupArgs } from "../support/local-setup.ts";
import { freePort } from "../support/net.ts";

const FAKE_SYSTEMCTL = `#!/bin/sh
# Test stand-in for systemctl: one unit whose ExecStart is $FAKE_UNIT_ROOT/bin/ai-bridge serve.
state="$FAKE_SYSTEMD_DIR"
pid=$(cat "$state/pid" 2>/dev/null)
case "$1" in
  is-active) [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null ;;
  restart)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    "$FAKE_UNIT_ROOT/bin/ai-bridge" --root "$FAKE_UNIT_ROOT" serve </dev/null >>"$state/journal" 2>&1 &
    echo $! > "$state/pid" ;;
  stop) [ -n "$pid" ] && kill -TERM "$pid" ;;
  *) exit 3 ;;
esac
`;

let built: string;
let root: string;
let work: string;
let env: Record<string, string>;

const installed = () => join(root, "bin", "ai-bridge");
function run(argv: string[]) {
  const proc = Bun.spawnSync(argv, { env, stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}
const cli = (...args: string[]) => run([installed(), "--root", root, ...args]);
const audit = () => readFileSync(join(root, "logs", "audit.log"), "utf8");

async function waitHealthy(ms = 60_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (cli("health", "--timeout", "3").code === 0) return true;
    await Bun.sleep(300);
  }
  return false;
}

beforeAll(async () => {
  built = ensureBinary();
  work = mkdtempSync(join(tmpdir(), "e2e-upgrade-"));
  root = join(work, "opt");
  for (const dir of ["bin", "fake-bin", "systemd"])
    mkdirSync(join(dir === "bin" ? root : work, dir), { recursive: true });
  copyFileSync(built, installed());
  chmodSync(installed(), 0o755);
  writeFileSync(join(work, "fake-bin", "systemctl"), FAKE_SYSTEMCTL, { mode: 0o755 });
  env = {
    ...(process.env as Record<string, string>),
    PATH: `${join(work, "fake-bin")}:${process.env["PATH"]}`,
    FAKE_SYSTEMD_DIR: join(work, "systemd"),
    FAKE_UNIT_ROOT: root,
  };
  expect(cli(...loopbackSetupArgs(freePort()), "--clients", "alice:sub-alice-1:admin").code).toBe(0);
  expect(run(["systemctl", "restart", "ai-bridge.service"]).code).toBe(0);
  expect(await waitHealthy()).toBe(true);
}, 180_000);

afterAll(() => {
  run(["systemctl", "stop", "ai-bridge.service"]);
  rmSync(work, { recursive: true, force: true });
});

describe("upgrade", () => {
  test("a binary that does not answer `version` is refused, nothing changed", () => {
    const fake = join(work, "not-ai-bridge");
    writeFileSync(fake, "#!/bin/sh\necho hello\n", { mode: 0o755 });
    const before = statSync(installed()).ino;
    const r = cli("upgrade", fake);
    expect(r.code).toBe(1);
    expect(r.err).toContain("is not a working AI-Bridge binary");
    expect(r.err).toContain("nothing was changed");
    expect(statSync(installed()).ino).toBe(before);
  });

  test("an unreviewed change refuses the upgrade; --accept-changes goes ahead", async () => {
    const envPath = join(root, ".env");
    writeFileSync(envPath, readFileSync(envPath, "utf8").replace(/^PROJECT_VERSION=.*$/m, "PROJECT_VERSION=190001"));
    const next = join(work, "ai-bridge-next");
    copyFileSync(built, next);
    chmodSync(next, 0o755);
    const before = statSync(installed()).ino;
    const refused = cli("upgrade", next);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("modified: .env (keys: PROJECT_VERSION)");
    expect(statSync(installed()).ino).toBe(before);
    const pidBefore = readFileSync(join(work, "systemd", "pid"), "utf8");

    const r = cli("upgrade", next, "--accept-changes", "--timeout", "60");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("upgraded and restarted");
    expect(statSync(installed()).ino).not.toBe(before);
    expect(readFileSync(installed()).equals(readFileSync(next))).toBe(true);
    expect(existsSync(`${installed()}.previous`)).toBe(true);
    expect(statSync(installed()).mode & 0o777).toBe(0o755);
    expect(readFileSync(envPath, "utf8")).not.toContain("PROJECT_VERSION=190001");
    expect(readFileSync(envPath, "utf8")).toMatch(/^PROJECT_VERSION=\d{6}$/m);
    expect(readdirSync(join(root, "backups")).some((n) => n.endsWith(".aibk"))).toBe(true);
    expect(readFileSync(join(work, "systemd", "pid"), "utf8")).not.toBe(pidBefore);
    expect(await waitHealthy(10_000)).toBe(true);
    expect(cli("integrity", "verify").out).toContain("intact");
    expect(audit()).toContain('"event":"upgrade.done"');
  }, 180_000);

  test("a binary that answers `version` but does not serve is rolled back and the old one runs again", async () => {
    const broken = join(work, "ai-bridge-broken");
    writeFileSync(
      broken,
      `#!/bin/sh\nfor a in "$@"; do [ "$a" = serve ] && { echo "broken build" >&2; exit 1; }; done\nexec ${built} "$@"\n`,
      { mode: 0o755 },
    );
    const good = readFileSync(installed());
    const r = cli("upgrade", broken, "--timeout", "10");
    expect(r.code).toBe(1);
    expect(r.out).toContain("rolled back");
    expect(r.err).toContain("the new binary was not kept");
    expect(readFileSync(installed()).equals(good)).toBe(true);
    expect(await waitHealthy(30_000)).toBe(true);
    expect(cli("integrity", "verify").out).toContain("intact");
    expect(audit()).toContain('"event":"upgrade.rolled_back"');
  }, 180_000);
});
