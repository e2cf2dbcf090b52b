import { expect, test } from "bun:test";
import { decodeCause } from "./q850.ts";

test("the common Q.850 causes read as their standard names", () => {
  const common = [
    0, 1, 3, 16, 17, 18, 19, 21, 27, 28, 31, 34, 38, 41, 42, 47, 50, 57, 58, 63, 65, 79, 88, 102, 111, 127,
  ];
  for (const code of common) expect(decodeCause(code).meaning, String(code)).not.toContain("unlisted");
  expect(decodeCause(16)).toEqual({ code: 16, meaning: "Normal call clearing" });
  expect(decodeCause(17)).toEqual({ code: 17, meaning: "User busy" });
  expect(decodeCause(0).meaning).toBe("No error");
  expect(decodeCause(null)).toEqual({ code: 0, meaning: "No error" });
});

test("unknown values still read: unlisted Q.850 below 128, Cisco-specific above", () => {
  expect(decodeCause(99).meaning).toBe("Q.850 cause 99 (unlisted)");
  expect(decodeCause(393216).meaning).toContain("Call split");
  expect(decodeCause(16777257).meaning).toBe("Cisco-specific cause 16777257");
});
