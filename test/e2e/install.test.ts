/**
 * scripts/install.sh on this machine (as root, without systemd): user, layout, permissions,
 * .env created once and kept on re-install (upgrade), binary replaced.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary, PROJECT_ROOT } from "../support/binary.ts";

const isRoot = process.getuid?.() === 0;
const prefix = mkdtempSync(join(tmpdir(), "install-"));
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
  });

  test("re-running (upgrade) keeps .env values and comments", () => {
    const envPath = join(prefix, ".env");
    writeFileSync(envPath, `${readFileSync(envPath, "utf8")}\n# local note\nAUTH_AUDIENCE=kept-value\n`);
    const r = install();
    expect(r.exitCode).toBe(0);
    const text = readFileSync(envPath, "utf8");
    expect(text).toContain("# local note");
    expect(text).toContain("AUTH_AUDIENCE=kept-value");
  });

  test("the unit file is hardened and runs serve under its own user", () => {
    const unit = readFileSync(join(PROJECT_ROOT, "scripts", "ai-bridge.service"), "utf8");
    for (const line of [
      "User=ai-bridge",
      "NoNewPrivileges=yes",
      "ProtectSystem=strict",
      "ReadWritePaths=/opt/ai-bridge",
      "KillSignal=SIGTERM",
    ]) {
      expect(unit).toContain(line);
    }
    expect(unit).toContain("ExecStart=/opt/ai-bridge/bin/ai-bridge --root /opt/ai-bridge serve");
  });
});
