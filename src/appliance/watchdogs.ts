/**
 * Periodic background tasks (certificate mid-life renewal, integrity sweep, scheduled
 * backup). A failing task is logged and retried at its next tick; it never stops the server.
 */
import type { Logger } from "pino";

export interface WatchdogTask {
  name: string;
  everyMs: number;
  run(): void | Promise<void>;
}

export interface Watchdogs {
  stop(): void;
}

/** setInterval's longest delay; a longer one would fire at once, so long intervals are clamped to it. */
const MAX_TIMER_MS = 2_147_483_647;

export function startWatchdogs(options: { logger: Logger; tasks: WatchdogTask[] }): Watchdogs {
  const timers = options.tasks.map((task) => {
    let running = false;
    const timer = setInterval(
      async () => {
        if (running) return;
        running = true;
        try {
          await task.run();
        } catch (error) {
          options.logger.error({ err: error, task: task.name }, "watchdog task failed");
        } finally {
          running = false;
        }
      },
      Math.min(task.everyMs, MAX_TIMER_MS),
    );
    timer.unref?.();
    return timer;
  });
  return {
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
