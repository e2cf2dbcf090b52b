import { describe, expect, test } from "bun:test";
import { createFailureTracker } from "./brute-force.ts";

describe("failure tracker", () => {
  test("blocks at the limit inside the window, then releases after the block", () => {
    let now = 1_000_000;
    const tracker = createFailureTracker({ limit: 3, windowSeconds: 60, blockSeconds: 120, now: () => now });
    expect(tracker.fail("10.0.0.1")).toBe(false);
    expect(tracker.fail("10.0.0.1")).toBe(false);
    expect(tracker.blockedFor("10.0.0.1")).toBe(0);
    expect(tracker.fail("10.0.0.1")).toBe(true);
    expect(tracker.blockedFor("10.0.0.1")).toBe(120);
    expect(tracker.blockedFor("10.0.0.2")).toBe(0);
    now += 121_000;
    expect(tracker.blockedFor("10.0.0.1")).toBe(0);
  });

  test("failures older than the window do not count", () => {
    let now = 0;
    const tracker = createFailureTracker({ limit: 2, windowSeconds: 10, blockSeconds: 5, now: () => now });
    tracker.fail("ip");
    now += 11_000;
    expect(tracker.fail("ip")).toBe(false);
    expect(tracker.fail("ip")).toBe(true);
  });
});
