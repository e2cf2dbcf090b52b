/**
 * The lab's per-node trace settings behind the VOS CLI's `show trace` and `set trace`: which
 * trace tasks the node has, whether each is enabled, its level and its file limits. Each SSH
 * server keeps one table for its node, so a `set trace` is what the next `show trace` reads,
 * on that node only. The task names and defaults are the lab's own (docs/lab.md).
 */

/**
 * The trace levels the VOS CLI reference lists for `set trace enable <level> <tname>`, in the
 * spelling the CLI takes them.
 */
export const VOS_TRACE_LEVELS = [
  "Arbitrary",
  "Detailed",
  "Entry_exit",
  "Error",
  "Significant",
  "Special",
  "State_Transition",
] as const;

/** One trace level. */
export type VosTraceLevel = (typeof VOS_TRACE_LEVELS)[number];

/** One task's trace settings. */
export interface TraceTask {
  name: string;
  enabled: boolean;
  level: VosTraceLevel;
  maxFileSizeMb: number;
  maxNumFiles: number;
}

/** The lab's platform trace tasks (its own choice of names; real nodes list theirs). */
const LAB_TASKS = ["certm", "cli", "clm", "ntpd", "servm"];

/** One node's trace table. */
export interface TraceSettings {
  /** Task names in display order. */
  tasks(): string[];
  /** The task's settings (case-insensitive name), or undefined when the node has no such task. */
  get(task: string): TraceTask | undefined;
  /** Enables the task's trace at `level`; false when the task is unknown. */
  enable(task: string, level: VosTraceLevel): boolean;
  /** Disables the task's trace (its level is kept for the next enable); false when unknown. */
  disable(task: string): boolean;
}

/** A fresh table: every task enabled at Error, 1 MB files, 10 of them. */
export function createTraceSettings(): TraceSettings {
  const table = new Map<string, TraceTask>(
    LAB_TASKS.map((name) => [name, { name, enabled: true, level: "Error", maxFileSizeMb: 1, maxNumFiles: 10 }]),
  );
  const get = (task: string) => table.get(task.toLowerCase());
  return {
    tasks: () => [...table.keys()],
    get: (task) => {
      const t = get(task);
      return t === undefined ? undefined : { ...t };
    },
    enable(task, level) {
      const t = get(task);
      if (t === undefined) return false;
      t.enabled = true;
      t.level = level;
      return true;
    },
    disable(task) {
      const t = get(task);
      if (t === undefined) return false;
      t.enabled = false;
      return true;
    },
  };
}

/** The level as the CLI spells it, for any case of the input, or undefined. */
export function vosTraceLevel(word: string): VosTraceLevel | undefined {
  return VOS_TRACE_LEVELS.find((l) => l.toLowerCase() === word.toLowerCase());
}
