/**
 * The demo's start-up errors from the compiled binary: a lab address already taken (another
 * demo or lab on the same loopback subnet) is named with the way out and leaves no half-made
 * demo home; `token show demo` next to a demo home, without `--root .demo`, says to add it.
 */
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary } from "../support/binary.ts";
import { freePort } from "../support/net.ts";

const dir = mkdtempSync(join(tmpdir(), "aib-demo-errors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a lab address in use is named, with another subnet to use, and no demo home is left", async () => {
  const subnet = `127.${20 + Math.floor(Math.random() * 230)}`;
  const taken = `${subnet}.0.11:8443`;
  // What a first demo on the same subnet holds: the CUCM publisher's HTTPS address.
  const squatter = Bun.serve({ hostname: `${subnet}.0.11`, port: 8443, fetch: () => new Response("first demo") });
  try {
    const home = join(dir, "second-demo");
    const proc = Bun.spawn([ensureBinary(), "demo", "--home", home, "--port", String(freePort()), "--subnet", subnet], {
      cwd: dir,
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(code).toBe(1);
    expect(err).toContain(`lab address ${taken} is already in use`);
    expect(err).toContain("--subnet 127.");
    expect(err).not.toContain("Is port");
    expect(existsSync(home)).toBe(false);
  } finally {
    squatter.stop(true);
  }
}, 120_000);

test("token show demo beside a demo home, without --root, says to add --root .demo", () => {
  const cwd = join(dir, "project");
  mkdirSync(join(cwd, ".demo"), { recursive: true });
  writeFileSync(join(cwd, ".demo", ".env"), "AUTH_CLIENTS=demo:sub-demo:admin\n");
  const proc = Bun.spawnSync([ensureBinary(), "token", "show", "demo"], { cwd, stdout: "pipe", stderr: "pipe" });
  expect(proc.exitCode).toBe(1);
  expect(proc.stderr.toString()).toContain("add --root .demo");
  expect(proc.stderr.toString()).not.toContain('run "ai-bridge setup"');
});
