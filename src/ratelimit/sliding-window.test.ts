import { expect, test } from "bun:test";
import { createRateLimiter } from "./sliding-window.ts";

test("a sliding window frees slots one by one and says when", () => {
  let t = 1_000_000;
  const limiter = createRateLimiter({ now: () => t });
  for (const step of [0, 20_000, 20_000]) {
    t += step;
    expect(limiter.take("alice:axl", 3).ok).toBe(true);
  }
  t += 10_000; // 50 s after the first call
  expect(limiter.take("alice:axl", 3)).toEqual({ ok: false, retryAfterSeconds: 10 });
  expect(limiter.take("bob:axl", 3).ok).toBe(true);
  expect(limiter.remaining("alice:axl", 3)).toBe(0);
  t += 10_000; // the first call leaves the window
  expect(limiter.take("alice:axl", 3)).toEqual({ ok: true, remaining: 0 });
  expect(limiter.take("alice:axl", 3)).toEqual({ ok: false, retryAfterSeconds: 20 });
  t += 120_000;
  expect(limiter.remaining("alice:axl", 3)).toBe(3);
});

test("no burst at a minute boundary: 3 at 59 s and 3 at 61 s are not all allowed", () => {
  let t = 59_000;
  const limiter = createRateLimiter({ now: () => t });
  for (let i = 0; i < 3; i++) expect(limiter.take("k", 3).ok).toBe(true);
  t = 61_000;
  expect(limiter.take("k", 3).ok).toBe(false);
});

test("a zero limit refuses everything", () => {
  const limiter = createRateLimiter({ now: () => 0 });
  expect(limiter.take("k", 0).ok).toBe(false);
});

test("a long busy window keeps counting exactly while expired calls are cut off in batches", () => {
  let t = 0;
  const limiter = createRateLimiter({ now: () => t, windowMs: 1000 });
  // 10 calls per 100 ms for 5 s: always exactly 100 in the window once it is full.
  for (let i = 0; i < 500; i++) {
    t = i * 10;
    expect(limiter.take("k", 100).ok).toBe(true);
    expect(limiter.remaining("k", 100)).toBe(Math.max(0, 100 - Math.min(i + 1, 100)));
  }
  t = 4995;
  expect(limiter.take("k", 100)).toEqual({ ok: false, retryAfterSeconds: 1 });
  t = 10_000;
  expect(limiter.remaining("k", 100)).toBe(100);
});
