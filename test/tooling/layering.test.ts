/**
 * The layering rules are held by tools, not by memory (docs/writing-tools.md, "Layering"):
 * the Biome rules in biome.jsonc refuse a deliberate upward import, and the bundler's own
 * import graph shows what a start evaluates: the entry loads no command (each is imported when it
 * runs), and `serve` loads neither the lab nor the code only some commands or tools use.
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

/**
 * The bundle of the binary's entry, split at every `await import()` as the build does
 * (scripts/build.ts), and what each part loads eagerly.
 */
async function splitBundle() {
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
  const inputsOf = (keys: Iterable<string>) => [...keys].flatMap((key) => Object.keys(outputs.get(key)!.inputs));
  /** Every input evaluated once the chunk holding `input` is loaded: follows only static imports. */
  const eagerFrom = (input: string) => {
    const start = [...outputs.keys()].find((key) => Object.keys(outputs.get(key)!.inputs).includes(input));
    expect(start).toBeDefined();
    const loaded = new Set<string>();
    const walk = (key: string) => {
      const out = outputs.get(key);
      if (out === undefined || loaded.has(key)) return;
      loaded.add(key);
      for (const edge of out.imports) if (edge.kind === "import-statement") walk(join(dirname(key), edge.path));
    };
    walk(start!);
    return inputsOf(loaded);
  };
  return { eagerFrom, everything: inputsOf(outputs.keys()) };
}

/** The packages (by name) among bundle inputs. */
function packagesOf(inputs: string[]): Set<string> {
  const names = inputs.flatMap((input) => {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    return match === null ? [] : [match[1]!];
  });
  return new Set(names);
}

describe("what a start loads (bench/README.md, B4)", () => {
  test("the entry loads no command: each is imported when it runs", async () => {
    const { eagerFrom, everything } = await splitBundle();
    const entry = eagerFrom("src/main.ts");
    expect(entry).toContain("src/cli/registry.ts");
    expect(everything).toContain("src/cli/commands/serve.ts");
    expect(entry.filter((input) => input.startsWith("src/cli/commands/"))).toEqual([]);
    // valibot comes with the configuration errors main.ts reports; nothing else is loaded up front.
    expect([...packagesOf(entry)]).toEqual(["valibot"]);
  });

  test("serve reaches no file of src/lab, and none of the setup, backup archive, report PDF or SSH code", async () => {
    const { eagerFrom, everything } = await splitBundle();
    const serve = eagerFrom("src/cli/commands/serve.ts");
    // The analysis sees both sides: serve's code is loaded eagerly, the rest exists in lazy chunks.
    expect(serve).toContain("src/appliance/startup.ts");
    expect(serve).toContain("src/mcp/sdk.ts");
    expect(everything).toContain("src/lab/cluster.ts");
    expect(everything).toContain("src/modules/report/pdf.ts");
    expect(serve.filter((input) => input.startsWith("src/lab/"))).toEqual([]);
    expect(serve.filter((input) => input.startsWith("src/setup/"))).toEqual([]);
    const lazyPackages = ["pdfkit", "fontkit", "tar-stream", "fflate", "ssh2"];
    expect([...packagesOf(serve)].filter((name) => lazyPackages.includes(name))).toEqual([]);
    expect([...packagesOf(everything)].filter((name) => lazyPackages.includes(name)).sort()).toEqual(
      [...lazyPackages].sort(),
    );
  });
});
