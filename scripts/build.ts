/**
 * Builds the single binary `build/ai-bridge` with `bun build --compile`. The binary's
 * behaviour is pinned: no .env or bunfig.toml autoload (configuration comes only from our own
 * parser), version and build month injected, default profiles and the .env template embedded,
 * lazily imported code split into chunks of its own, and shipped as bytecode.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };

const root = join(import.meta.dir, "..");
const outfile = join(root, "build", "ai-bridge");
mkdirSync(join(root, "build"), { recursive: true });
const month = new Date().toISOString().slice(0, 7).replace("-", "");
const args = [
  "build",
  join(root, "src", "main.ts"),
  "--compile",
  // Code splitting keeps each `await import()` target (a CLI command, the report PDF code, ssh2,
  // the backup archive code) in its own embedded chunk, parsed only when first imported. Without
  // it the whole bundle is parsed at every start (bench/README.md, B4).
  "--splitting",
  // Ship JavaScriptCore bytecode: a start skips parsing and compiling the code it loads
  // (≈ 100 ms of the start with existing keys, bench/README.md, B4). ESM, because the entry
  // awaits at top level.
  "--bytecode",
  "--format=esm",
  "--minify-syntax",
  "--minify-whitespace",
  "--sourcemap",
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
  `--define=AI_BRIDGE_VERSION=${JSON.stringify(pkg.version)}`,
  `--define=AI_BRIDGE_BUILD_MONTH=${JSON.stringify(month)}`,
  "--outfile",
  outfile,
];
const proc = Bun.spawnSync([process.execPath, ...args], { cwd: root, stdout: "inherit", stderr: "inherit" });
if (proc.exitCode !== 0) {
  console.error(`build failed (exit ${proc.exitCode})`);
  process.exit(1);
}
console.log(`built ${outfile}`);
