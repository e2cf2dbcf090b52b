/**
 * Reads the VOS CLI's `show trace` (the node's trace tasks) and `show trace <task>` (one task's
 * settings), and recognises a refusal from `show trace` or `set trace`. The command syntax and
 * the level names are those of the VOS CLI reference as remembered; no transcript of the output
 * was available (docs/serviceability.md), so the reader goes by line meaning rather than exact
 * wording: a `key : value` line whose key mentions "enabled", "level", "file size" or "files".
 * What it cannot read is reported as data, never guessed at; the tools turn it into an error.
 */
import { SERVICEABILITY_PATTERNS } from "../../util/patterns.ts";

/** The levels `set trace enable <level> <task>` takes, spelled as the VOS CLI reference spells them. */
export const VOS_TRACE_LEVELS = [
  "Arbitrary",
  "Detailed",
  "Entry_exit",
  "Error",
  "Significant",
  "Special",
  "State_Transition",
] as const;

/** One trace task's settings as `show trace <task>` reports them. */
export interface TraceSetting {
  task: string;
  enabled: boolean;
  /** In the CLI's spelling when it is a known level, otherwise as the node printed it. */
  level?: string;
  maxFileSizeMb?: number;
  maxFiles?: number;
}

/** Why an output could not be used: the node refused (unknown task, other failure) or it is unreadable. */
export type TraceFailure = { failure: "unknown-task" | "refused" | "unreadable"; detail: string };

/** A reading: the value, or why there is none. */
export type TraceReading<T> = ({ ok: true } & T) | ({ ok: false } & TraceFailure);

const VOS_FAILED = "executed command unsuccessfully";
const UNKNOWN_TASK_WORDS = ["invalid task", "unknown task", "no such task", "not a valid task", "task not found"];

const linesOf = (output: string) =>
  output
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");

/** The node's refusal, when the output is one: VOS closes every failed command with the same line. */
export function traceRefusal(output: string): TraceFailure | undefined {
  const lines = linesOf(output);
  const lower = lines.map((l) => l.toLowerCase());
  const unknownTask = lower.some((l) => UNKNOWN_TASK_WORDS.some((w) => l.includes(w)));
  if (!unknownTask && !lower.includes(VOS_FAILED)) return undefined;
  const said = lines.filter((l) => l.toLowerCase() !== VOS_FAILED).join(" / ");
  return { failure: unknownTask ? "unknown-task" : "refused", detail: said === "" ? lines.join(" / ") : said };
}

/** A name the tools may pass back to the CLI as a task. */
function isTraceTaskName(word: string): boolean {
  return SERVICEABILITY_PATTERNS.traceTask.test(word);
}

/** The task names of `show trace`: every one-word line (or comma list) after any heading. */
export function readTraceTasks(output: string): TraceReading<{ tasks: string[] }> {
  const refusal = traceRefusal(output);
  if (refusal) return { ok: false, ...refusal };
  const tasks: string[] = [];
  for (const line of linesOf(output)) {
    // Headings ("Available trace tasks:") and key : value lines are not task names.
    if (line.includes(":")) continue;
    const words = line.split(",").flatMap((part) => part.trim().split(" "));
    const named = words.filter((w) => w !== "");
    if (named.length > 0 && named.every(isTraceTaskName)) tasks.push(...named);
  }
  return tasks.length === 0
    ? { ok: false, failure: "unreadable", detail: "no task names in the output of show trace" }
    : { ok: true, tasks: [...new Set(tasks)] };
}

function yesNo(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (["true", "yes", "enabled", "on"].includes(v)) return true;
  if (["false", "no", "disabled", "off"].includes(v)) return false;
  return undefined;
}

/** "1 MB", "512 KB", "2" (megabytes, the unit `set trace maxfilesize` takes) → megabytes. */
function megabytes(value: string): number | undefined {
  const [amount, unit = "mb"] = value.toLowerCase().split(" ").filter(Boolean);
  const n = Number(amount);
  if (amount === undefined || !Number.isFinite(n)) return undefined;
  const scale: Record<string, number> = { kb: 1 / 1024, mb: 1, gb: 1024 };
  return scale[unit] === undefined ? undefined : n * (scale[unit] as number);
}

/** The level in the CLI's spelling for any case, or the word as printed. */
function canonicalTraceLevel(word: string): string {
  return VOS_TRACE_LEVELS.find((l) => l.toLowerCase() === word.toLowerCase()) ?? word;
}

/** The settings of `show trace <task>`; `task` names it when the output does not. */
export function readTraceSetting(output: string, task: string): TraceReading<{ setting: TraceSetting }> {
  const refusal = traceRefusal(output);
  if (refusal) return { ok: false, ...refusal };
  const setting: Partial<TraceSetting> = { task };
  for (const line of linesOf(output)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).toLowerCase().split(" ").filter(Boolean).join(" ");
    const value = line.slice(colon + 1).trim();
    if (value === "") continue;
    if (key.includes("enabled") || key === "status") setting.enabled = yesNo(value);
    else if (key.includes("level")) setting.level = canonicalTraceLevel(value);
    else if (key.includes("file size") || key.includes("filesize")) setting.maxFileSizeMb = megabytes(value);
    else if (key.includes("files")) {
      const n = Number(value);
      if (Number.isInteger(n)) setting.maxFiles = n;
    } else if (key.includes("task") && isTraceTaskName(value)) setting.task = value;
  }
  if (setting.enabled === undefined)
    return { ok: false, failure: "unreadable", detail: `no readable "enabled" line in show trace ${task}` };
  return {
    ok: true,
    setting: {
      task: setting.task ?? task,
      enabled: setting.enabled,
      ...(setting.level === undefined ? {} : { level: setting.level }),
      ...(setting.maxFileSizeMb === undefined ? {} : { maxFileSizeMb: setting.maxFileSizeMb }),
      ...(setting.maxFiles === undefined ? {} : { maxFiles: setting.maxFiles }),
    },
  };
}
