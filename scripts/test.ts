/**
 * The README's test command (`npm test`): type check, lint (which holds the import layering of
 * biome.jsonc), the dead-export check (knip, configured in knip.jsonc), then every test with bun:test.
 * Prints a closing `N passed, N failed` line so CI can read the result. Extra arguments are
 * passed to `bun test` (e.g. `npm test -- src/config`).
 */
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const bun = process.execPath;
const passThrough = process.argv.slice(2);

/** Runs a command, echoing its output live, and returns its exit code and output. */
async function run(label: string, cmd: string[]): Promise<{ code: number; output: string }> {
  console.log(`\n== ${label}: ${cmd.join(" ")}`);
  const proc = Bun.spawn(cmd, { cwd: root, stdout: "pipe", stderr: "pipe", env: { ...process.env, FORCE_COLOR: "0" } });
  let output = "";
  const pump = async (stream: ReadableStream<Uint8Array>, sink: NodeJS.WriteStream) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      const text = decoder.decode(chunk, { stream: true });
      output += text;
      sink.write(text);
    }
  };
  await Promise.all([pump(proc.stdout, process.stdout), pump(proc.stderr, process.stderr)]);
  return { code: await proc.exited, output };
}

const checks = [
  await run("type check", [bun, join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", root]),
  await run("lint", [
    bun,
    join(root, "node_modules/@biomejs/biome/bin/biome"),
    "check",
    "src",
    "test",
    "scripts",
    "bench",
  ]),
  await run("dead exports", [bun, join(root, "node_modules/knip/bin/knip.js"), "--no-progress", "--no-config-hints"]),
];
// The per-test and per-hook time limit is given on the command line: Bun 1.4 does not apply
// bunfig.toml's [test] timeout, and its 5 s default trips end-to-end tests on a busy machine.
const tests = await run("tests", [bun, "test", "--timeout", "120000", ...passThrough]);
const passed = Number(/^\s*(\d+) pass$/m.exec(tests.output)?.[1] ?? 0);
const failed = Number(/^\s*(\d+) fail$/m.exec(tests.output)?.[1] ?? 0);
const checkFailures = checks.filter((c) => c.code !== 0).length;
const failedTotal = failed + checkFailures + (tests.code !== 0 && failed === 0 ? 1 : 0);
console.log(`\n${passed} passed, ${failedTotal} failed`);
process.exit(failedTotal === 0 && passed > 0 ? 0 : 1);
