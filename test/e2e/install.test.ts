/**
 * scripts/install.sh on this machine (as root, without systemd, in a temporary prefix): user,
 * layout, permissions, .env created once and kept on re-install (upgrade), binary replaced; the
 * service user cannot replace its binary, yet can run the server; the unit's documentation link
 * points at an installed file and it may write only the data folders.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary, PROJECT_ROOT } from "../support/binary.ts";
import { loopbackSetupArgs } from "../support/local-setup.ts";
import { freePort } from "../support/net.ts";

const isRoot = process.getuid?.() === 0;
const prefix = mkdtempSync(join(tmpdir(), "install-"));
beforeAll(() => void ensureBinary(), 180_000);
afterAll(() => rmSync(prefix, { recursive: true, force: true }));

function install(...extra: string[]) {
  return Bun.spawnSync(
    [
      "bash",
      join(PROJECT_ROOT, "scripts", "install.sh"),
      ensureBinary(),
      "--prefix",
      prefix,
      "--user",
      "nobody",
      "--no-systemd",
      ...extra,
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
}

/** Runs a shell command as the service user in the prefix; returns its exit code and stderr. */
function asService(command: string) {
  const proc = Bun.spawnSync(["runuser", "-u", "nobody", "--", "sh", "-c", command], {
    cwd: prefix,
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: proc.exitCode, err: proc.stderr.toString() };
}

/** The unit template's value of `key` (every line of it), with the prefix substituted. */
function unitValues(key: string): string[] {
  const unit = readFileSync(join(PROJECT_ROOT, "scripts", "ai-bridge.service"), "utf8");
  return unit
    .split("\n")
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1).replaceAll("/opt/ai-bridge", prefix));
}

describe.if(isRoot || process.env["CI"] === "true")("install.sh", () => {
  test("creates the layout with tight permissions and a .env owned by the service user", () => {
    const r = install("--", "--public-host", "mcp.vm.example");
    expect(r.stderr.toString()).toBe("");
    expect(r.exitCode).toBe(0);
    const nobody = Number(Bun.spawnSync(["id", "-u", "nobody"]).stdout.toString().trim());
    const env = statSync(join(prefix, ".env"));
    expect(env.mode & 0o777).toBe(0o600);
    expect(env.uid).toBe(nobody);
    expect(statSync(join(prefix, "secrets")).mode & 0o777).toBe(0o700);
    const bin = statSync(join(prefix, "bin", "ai-bridge"));
    expect(bin.uid).toBe(0);
    expect(bin.mode & 0o777).toBe(0o755);
    expect(readFileSync(join(prefix, ".env"), "utf8")).toContain("AUTH_ISSUER=https://mcp.vm.example:8443");
    // The installer signs the integrity manifest as the service user: a fresh install verifies.
    const manifest = statSync(join(prefix, "secrets", "integrity-manifest.json"));
    expect(manifest.uid).toBe(nobody);
    const verify = Bun.spawnSync([join(prefix, "bin", "ai-bridge"), "--root", prefix, "integrity", "verify"]);
    expect(verify.stdout.toString()).toContain("intact");
    expect(verify.exitCode).toBe(0);
  }, 60_000);

  test("re-running (upgrade) keeps .env values and comments", () => {
    const envPath = join(prefix, ".env");
    writeFileSync(envPath, `${readFileSync(envPath, "utf8")}\n# local note\nAUTH_AUDIENCE=kept-value\n`);
    const r = install();
    expect(r.exitCode).toBe(0);
    const text = readFileSync(envPath, "utf8");
    expect(text).toContain("# local note");
    expect(text).toContain("AUTH_AUDIENCE=kept-value");
    // The re-run went through `ai-bridge upgrade`: the old binary kept, a backup the service can read.
    expect(existsSync(join(prefix, "bin", "ai-bridge.previous"))).toBe(true);
    const nobody = Number(Bun.spawnSync(["id", "-u", "nobody"]).stdout.toString().trim());
    const archives = readdirSync(join(prefix, "backups")).filter((name) => name.endsWith(".aibk"));
    expect(archives).toHaveLength(1);
    expect(statSync(join(prefix, "backups", archives[0]!)).uid).toBe(nobody);
  }, 60_000);

  test("the binary, bin/ and the prefix are root's: the service user cannot replace the binary", () => {
    for (const path of [prefix, join(prefix, "bin"), join(prefix, "bin", "ai-bridge")]) {
      const st = statSync(path);
      expect(st.uid).toBe(0);
      expect(st.mode & 0o022).toBe(0);
    }
    const before = readFileSync(join(prefix, "bin", "ai-bridge"));
    for (const attack of [
      "echo x > bin/ai-bridge",
      "cp /bin/true bin/ai-bridge.new && mv -f bin/ai-bridge.new bin/ai-bridge",
      "mv bin bin.old",
      "rm -f bin/ai-bridge",
    ]) {
      const r = asService(attack);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/Permission denied|Operation not permitted/);
    }
    expect(readFileSync(join(prefix, "bin", "ai-bridge")).equals(before)).toBe(true);
  });

  test("the service user can still run the server with only the data folders writable: /health answers", async () => {
    const port = freePort();
    const envPath = join(prefix, ".env");
    const setPort = Bun.spawnSync([join(prefix, "bin", "ai-bridge"), "--root", prefix, ...loopbackSetupArgs(port)]);
    expect(setPort.exitCode).toBe(0);
    expect(statSync(envPath).uid).not.toBe(0);
    const server = Bun.spawn(
      ["runuser", "-u", "nobody", "--", join(prefix, "bin", "ai-bridge"), "--root", prefix, "serve"],
      { stdout: "ignore", stderr: "pipe" },
    );
    try {
      const deadline = Date.now() + 60_000;
      let status = 0;
      while (status !== 200 && Date.now() < deadline && server.exitCode === null) {
        try {
          const ca = readFileSync(join(prefix, "secrets", "server.crt"), "utf8");
          status = (await fetch(`https://localhost:${port}/health`, { tls: { ca } })).status;
        } catch {
          await Bun.sleep(200);
        }
      }
      expect(status).toBe(200);
    } finally {
      server.kill("SIGTERM");
      await server.exited;
    }
    const writable = unitValues("ReadWritePaths").flatMap((line) => line.split(" "));
    expect(writable).not.toContain(prefix);
    expect(writable).not.toContain(join(prefix, "bin"));
    for (const dir of ["logs", "clients", "secrets", "profiles"]) expect(writable).toContain(join(prefix, dir));
  }, 90_000);

  test("the unit's Documentation= points at a file the installer put there", () => {
    const [doc] = unitValues("Documentation");
    expect(doc).toStartWith("file://");
    const path = doc!.slice("file://".length);
    expect(readFileSync(path, "utf8")).toContain("# AI-Bridge for Cisco UC");
    expect(statSync(path).uid).toBe(0);
  });

  test("the unit file is hardened and runs serve under its own user", () => {
    const unit = readFileSync(join(PROJECT_ROOT, "scripts", "ai-bridge.service"), "utf8");
    for (const line of [
      "User=ai-bridge",
      "NoNewPrivileges=yes",
      "ProtectSystem=strict",
      "KillSignal=SIGTERM",
      // Freed memory kept for reuse without serve replacing itself at start (docs/operations.md).
      "Environment=MIMALLOC_PURGE_DELAY=-1",
    ]) {
      expect(unit).toContain(line);
    }
    expect(unit).toContain("ExecStart=/opt/ai-bridge/bin/ai-bridge --root /opt/ai-bridge serve");
  });
});
