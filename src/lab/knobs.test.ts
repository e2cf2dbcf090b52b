import { describe, expect, test } from "bun:test";
import { createLabKnobs, KnobError } from "./knobs.ts";

describe("lab knobs", () => {
  test("one-shot counters are consumed exactly", () => {
    const knobs = createLabKnobs({ axl503Count: 2 });
    expect([knobs.take("axl503Count"), knobs.take("axl503Count"), knobs.take("axl503Count")]).toEqual([
      true,
      true,
      false,
    ]);
  });

  test("unknown knobs and wrong types are refused with a clear message", () => {
    const knobs = createLabKnobs();
    expect(() => knobs.set({ nope: 1 } as never)).toThrow(KnobError);
    expect(() => knobs.set({ latencyMs: -1 })).toThrow("must be a number >= 0");
    expect(() => knobs.set({ axlVersions: [] })).toThrow("axlVersions");
    expect(knobs.get().axlVersions).toEqual(["12.5", "14.0", "15.0"]);
  });
});
