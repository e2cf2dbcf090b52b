/**
 * The backup schedule of `serve` (BACKUP_ENABLED=1): one backup every BACKUP_INTERVAL_HOURS,
 * counted from the last scheduled attempt, which is remembered in BACKUP_DIR so a restart does
 * not reset the clock. A schedule missed while the server was down runs once at start, however
 * many intervals were missed. A failed attempt counts as an attempt: it is audited and tried
 * again at the next interval, never in a loop and never fatal to the server.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import { appliancePaths } from "../appliance/paths.ts";
import type { Config } from "../config/schema.ts";
import { ensureDir, SECRET_DIR_MODE, writeFileAtomic } from "../fs/atomic.ts";
import type { AuditLog } from "../logging/logger.ts";

const STATE_FILE = ".last-scheduled-backup.json";
/** Longest single wait; the schedule re-checks the clock at least this often (timers have a 24.8-day limit). */
const MAX_WAIT_MS = 3_600_000;

export interface ScheduleOptions {
  config: Config;
  logger: Logger;
  audit: AuditLog;
  /** One scheduled run: the backup and what follows it (the SFTP export). */
  run: () => Promise<void>;
  /** Clock and timer (tests drive them by hand). */
  now?: () => number;
  timers?: Timers;
}

interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  set(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface BackupSchedule {
  /** Resolves when the run started at start-up (if one was due) has finished. */
  startup: Promise<void>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

function lastAttempt(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const at = Date.parse((JSON.parse(readFileSync(path, "utf8")) as { at?: string }).at ?? "");
    return Number.isNaN(at) ? undefined : at;
  } catch {
    return undefined;
  }
}

/** Starts the schedule; the first backup runs at once when none was attempted within the interval. */
export function startBackupSchedule(options: ScheduleOptions): BackupSchedule {
  const { config, logger, audit } = options;
  const now = options.now ?? Date.now;
  const dir = appliancePaths(config).backupsDir;
  const statePath = join(dir, STATE_FILE);
  const intervalMs = config.BACKUP_INTERVAL_HOURS * 3_600_000;
  const timers = options.timers ?? REAL_TIMERS;
  let timer: unknown;
  let running: Promise<void> | undefined;
  let stopped = false;

  const attempt = async () => {
    const startedAt = now();
    ensureDir(dir, SECRET_DIR_MODE);
    writeFileAtomic(statePath, `${JSON.stringify({ at: new Date(startedAt).toISOString() })}\n`);
    try {
      await options.run();
    } catch (error) {
      // The run audits its own failure; the server keeps serving and tries again next interval.
      logger.error({ err: error }, "scheduled backup failed; it is tried again at the next interval");
    }
  };

  const check = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    const last = lastAttempt(statePath);
    const due = last === undefined ? now() : last + intervalMs;
    if (now() >= due && running === undefined) {
      const missed = last === undefined ? 0 : Math.floor((now() - last) / intervalMs) - 1;
      if (missed > 0) audit.event("backup.schedule_caught_up", { missedIntervals: missed, ranOnce: true });
      running = attempt().finally(() => {
        running = undefined;
        arm();
      });
      return running;
    }
    arm();
    return Promise.resolve();
  };

  const arm = () => {
    if (stopped) return;
    timers.clear(timer);
    const last = lastAttempt(statePath) ?? now();
    const wait = Math.min(Math.max(last + intervalMs - now(), 1_000), MAX_WAIT_MS);
    timer = timers.set(check, wait);
  };

  const startup = check();
  return {
    startup,
    async stop() {
      stopped = true;
      timers.clear(timer);
      await running;
    },
  };
}

/** What `serve` hands over: its configuration, logs and shutdown hook. */
export interface ServeCore {
  config: Config;
  logger: Logger;
  audit: AuditLog;
  onStop(cleanup: () => void | Promise<void>): void;
}

/** Starts the schedule in `serve` when BACKUP_ENABLED=1; stops with the server. */
export function scheduleBackups(core: ServeCore, run: () => Promise<void>): BackupSchedule | undefined {
  if (!core.config.BACKUP_ENABLED) return undefined;
  const schedule = startBackupSchedule({ config: core.config, logger: core.logger, audit: core.audit, run });
  core.onStop(() => schedule.stop());
  core.logger.info({ everyHours: core.config.BACKUP_INTERVAL_HOURS }, "backup schedule started");
  return schedule;
}
