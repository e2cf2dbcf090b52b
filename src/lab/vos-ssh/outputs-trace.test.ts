import { expect, test } from "bun:test";
import { labNodes } from "../../../test/support/lab-fixtures.ts";
import { type CommandResult, runCommand } from "./commands.ts";
import type { VosContext } from "./outputs-platform.ts";
import { createTraceSettings } from "./trace-settings.ts";

const [pub, sub] = labNodes();
const ctxOf = (node = pub!): VosContext => ({
  node,
  version: "15.0.1.10000-32",
  cluster: labNodes(),
  now: () => new Date("2026-01-02T03:04:05Z"),
  traces: createTraceSettings(),
});
const lines = (r: CommandResult) => (r.kind === "output" ? r.lines : []);

test("show trace lists the tasks; show trace <task> its settings", () => {
  const ctx = ctxOf();
  expect(lines(runCommand(ctx, "show trace"))).toContain("   servm");
  expect(lines(runCommand(ctx, "show trace servm"))).toContain("   Trace level   : Error");
});

test("set trace enable changes what the next show reads, on that node only", () => {
  const ctx = ctxOf();
  const other = ctxOf(sub!);
  expect(lines(runCommand(ctx, "set trace enable detailed servm"))).toEqual([
    "Trace enabled for task servm at level Detailed",
    "",
  ]);
  expect(lines(runCommand(ctx, "show trace servm"))).toContain("   Trace level   : Detailed");
  expect(lines(runCommand(other, "show trace servm"))).toContain("   Trace level   : Error");
  runCommand(ctx, "set trace disable servm");
  const shown = lines(runCommand(ctx, "show trace servm"));
  expect(shown).toContain("   Trace enabled : false");
  expect(shown).toContain("   Trace level   : Detailed");
});

test("an unknown task or level fails with VOS's closing line", () => {
  const ctx = ctxOf();
  expect(lines(runCommand(ctx, "show trace nosuch"))).toEqual([
    "Invalid task name: nosuch",
    "Executed command unsuccessfully",
  ]);
  expect(lines(runCommand(ctx, "set trace disable nosuch"))[0]).toBe("Invalid task name: nosuch");
  const bad = lines(runCommand(ctx, "set trace enable loud servm"));
  expect(bad[0]).toContain("Valid levels: Arbitrary, Detailed");
  expect(bad.at(-1)).toBe("Executed command unsuccessfully");
  expect(lines(runCommand(ctx, "show trace servm"))).toContain("   Trace level   : Error");
});
