import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { parseConfigText } from "../config/load.ts";
import { startBackupSchedule } from "./schedule.ts";

const HOUR = 3_600_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A schedule with a hand-driven clock and timer; counts runs and audit events. */
function harness(options: { lastAttemptHoursAgo?: number; failing?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), "aib-schedule-"));
  dirs.push(root);
  const { config } = parseConfigText("BACKUP_ENABLED=1\nBACKUP_INTERVAL_HOURS=24\n", root);
  let clock = Date.parse("2026-12-01T00:00:00Z");
  if (options.lastAttemptHoursAgo !== undefined) {
    const dir = join(root, "backups");
    mkdirSync(dir, { recursive: true });
    const at = new Date(clock - options.lastAttemptHoursAgo * HOUR).toISOString();
    writeFileSync(join(dir, ".last-scheduled-backup.json"), JSON.stringify({ at }));
  }
  const state = {
    runs: 0,
    events: [] as string[],
    pending: undefined as (() => void) | undefined,
    waits: [] as number[],
  };
  const schedule = startBackupSchedule({
    config,
    logger: pino({ level: "silent" }),
    audit: { event: (type) => state.events.push(type) },
    run: async () => {
      state.runs++;
      if (options.failing) throw new Error("disk full");
    },
    now: () => clock,
    timers: {
      set(callback, ms) {
        state.pending = callback;
        state.waits.push(ms);
        return callback;
      },
      clear() {
        state.pending = undefined;
      },
    },
  });
  return {
    state,
    schedule,
    /** Moves the clock on and fires the armed timer, as the real timer would. */
    async advance(hours: number) {
      clock += hours * HOUR;
      const fire = state.pending;
      state.pending = undefined;
      fire?.();
      await Bun.sleep(5);
    },
  };
}

describe("backup schedule", () => {
  test("no backup ever attempted: one runs at start", async () => {
    const h = harness();
    await h.schedule.startup;
    expect(h.state.runs).toBe(1);
    await h.schedule.stop();
  });

  test("three missed intervals after downtime: ONE backup at start, then the normal interval", async () => {
    const h = harness({ lastAttemptHoursAgo: 24 * 3 + 5 });
    await h.schedule.startup;
    expect(h.state.runs).toBe(1);
    expect(h.state.events).toEqual(["backup.schedule_caught_up"]);
    for (let i = 0; i < 23; i++) await h.advance(1);
    expect(h.state.runs).toBe(1);
    await h.advance(1);
    expect(h.state.runs).toBe(2);
    await h.schedule.stop();
  });

  test("a recent attempt: nothing at start, the next one when its interval is over", async () => {
    const h = harness({ lastAttemptHoursAgo: 20 });
    await h.schedule.startup;
    expect(h.state.runs).toBe(0);
    expect(Math.max(...h.state.waits)).toBeLessThanOrEqual(HOUR);
    for (let i = 0; i < 3; i++) await h.advance(1);
    expect(h.state.runs).toBe(0);
    await h.advance(1);
    expect(h.state.runs).toBe(1);
    await h.schedule.stop();
  });

  test("a failing backup is retried at the next interval, not in a loop, and does not throw", async () => {
    const h = harness({ failing: true });
    await h.schedule.startup;
    expect(h.state.runs).toBe(1);
    await h.advance(1);
    await h.advance(1);
    expect(h.state.runs).toBe(1);
    for (let i = 0; i < 22; i++) await h.advance(1);
    expect(h.state.runs).toBe(2);
    await h.schedule.stop();
  });

  test("after stop nothing runs", async () => {
    const h = harness({ lastAttemptHoursAgo: 23 });
    await h.schedule.startup;
    await h.schedule.stop();
    await h.advance(5);
    expect(h.state.runs).toBe(0);
  });
});
