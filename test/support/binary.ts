/**
 * Test support: the compiled binary. Built once per test run, and rebuilt whenever a source
 * file is newer than it, so end-to-end tests always exercise the current code.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const PROJECT_ROOT = join(import.meta.dir, "..", "..");
export const BINARY = join(PROJECT_ROOT, "build", "ai-bridge");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Returns the path of an up-to-date binary, building it when needed. */
export function ensureBinary(): string {
  const sources = Math.max(newestSource(join(PROJECT_ROOT, "src")), newestSource(join(PROJECT_ROOT, "profiles")));
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= sources) return BINARY;
  const proc = Bun.spawnSync([process.execPath, join(PROJECT_ROOT, "scripts", "build.ts")], {
    stdout: "pipe",
    stderr: "pipe",
  });
  if (proc.exitCode !== 0) throw new Error(`binary build failed:\n${proc.stderr.toString()}`);
  return BINARY;
}
