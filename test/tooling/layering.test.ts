/**
 * The layering rules are held by tools, not by memory (docs/writing-tools.md, "Layering"):
 * the Biome rules in biome.jsonc refuse a deliberate upward import, and the bundler's own
 * import graph shows that `serve` does not load the lab (it is imported lazily by the lab and
 * demo commands only).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const root = join(import.meta.dir, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "ai-bridge-layering-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Lints one file written at `path` (as if it were in the repository) with the project's biome.jsonc. */
function lintAt(path: string, source: string): { code: number; output: string } {
  const dir = mkdtempSync(join(scratch, "case-"));
  copyFileSync(join(root, "biome.jsonc"), join(dir, "biome.jsonc"));
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), source);
  const proc = Bun.spawnSync(
    [process.execPath, join(root, "node_modules/@biomejs/biome/bin/biome"), "lint", "--vcs-enabled=false", path],
    { cwd: dir, env: { ...process.env, FORCE_COLOR: "0" } },
  );
  return { code: proc.exitCode, output: `${proc.stdout}${proc.stderr}` };
}

describe("import layering (Biome noRestrictedImports per folder)", () => {
  test.each([
    ["src/protocols/axl/probe.ts", 'export { ToolError } from "../../mcp/errors.ts";\n', "src/protocols is the layer"],
    ["src/protocols/probe.ts", 'export { startLab } from "../lab/cluster.ts";\n', "src/protocols is the layer"],
    ["src/protocols/probe.ts", 'export const m = await import("../modules/index.ts");\n', "src/protocols is the layer"],
    [
      "src/lab/cucm/probe.ts",
      'export { productSettings } from "../../protocols/settings.ts";\n',
      "src/lab is a stand-alone",
    ],
    ["src/lab/probe.ts", 'export { loadConfig } from "../config/load.ts";\n', "src/lab is a stand-alone"],
    ["src/http/probe.ts", 'export { startLab } from "../lab/cluster.ts";\n', "only the lab and demo commands"],
    [
      "src/cli/commands/probe.ts",
      'export const m = await import("../../lab/cluster.ts");\n',
      "only the lab and demo commands",
    ],
  ])("%s importing upward fails the lint", (path, source, message) => {
    const result = lintAt(path, source);
    expect(result.output).toContain("noRestrictedImports");
    expect(result.output).toContain(message);
    expect(result.code).not.toBe(0);
  });

  test.each([
    ["src/protocols/probe.ts", 'export { PROTOCOL_PATTERNS } from "../util/patterns.ts";\n'],
    ["src/lab/probe.ts", 'export { writeFileAtomic } from "../fs/atomic.ts";\n'],
    ["src/cli/commands/lab.ts", 'export const m = await import("../../lab/cluster.ts");\n'],
    ["src/demo/probe.ts", 'export type { LabHandle } from "../lab/cluster.ts";\n'],
  ])("%s importing what it may passes", (path, source) => {
    const result = lintAt(path, source);
    expect(result.output).not.toContain("noRestrictedImports");
    expect(result.code).toBe(0);
  });
});

describe("serve does not load the lab", () => {
  test("the static import graph of the binary's entry reaches no file of src/lab", async () => {
    const build = await Bun.build({
      entrypoints: [join(root, "src/main.ts")],
      target: "bun",
      splitting: true,
      outdir: join(scratch, "bundle"),
      metafile: true,
    });
    expect(build.success).toBe(true);
    // Output paths are relative ("./main.js", "./chunk-x.js"); normalise them so edges resolve.
    const outputs = new Map(Object.entries(build.metafile!.outputs).map(([key, out]) => [join(key), out]));
    const entry = [...outputs.keys()].find((key) => outputs.get(key)!.entryPoint?.endsWith("src/main.ts"));
    expect(entry).toBeDefined();
    // Follow only static imports: what is evaluated before any command runs.
    const loaded = new Set<string>();
    const walk = (key: string) => {
      const out = outputs.get(key);
      if (out === undefined || loaded.has(key)) return;
      loaded.add(key);
      for (const edge of out.imports) if (edge.kind === "import-statement") walk(join(dirname(key), edge.path));
    };
    walk(entry!);
    const inputsOf = (keys: Iterable<string>) => [...keys].flatMap((key) => Object.keys(outputs.get(key)!.inputs));
    const eager = inputsOf(loaded);
    const everything = inputsOf(outputs.keys());
    // The analysis sees both sides: serve's code is loaded eagerly, the lab exists in a lazy chunk.
    expect(eager).toContain("src/cli/commands/serve.ts");
    expect(eager).toContain("src/appliance/startup.ts");
    expect(everything).toContain("src/lab/cluster.ts");
    expect(eager.filter((input) => input.startsWith("src/lab/"))).toEqual([]);
  });
});
