/**
 * The lab's answers to the VOS CLI trace commands: `show trace [tname]`, `set trace enable
 * <level> <tname>` and `set trace disable <tname>`. The command syntax and the level names are
 * those of Cisco's CLI reference; the output wording is the lab's own, because no public
 * transcript of these commands was found (docs/lab.md says so). A failure ends with VOS's
 * generic `Executed command unsuccessfully`, as every failed command does.
 */
import type { VosContext } from "./outputs-platform.ts";
import { VOS_TRACE_LEVELS, vosTraceLevel } from "./trace-settings.ts";

const EXECUTED_UNSUCCESSFULLY = "Executed command unsuccessfully";

function unknownTask(task: string): string[] {
  return [`Invalid task name: ${task}`, EXECUTED_UNSUCCESSFULLY];
}

/** `show trace` (the task list) or `show trace <task>` (its settings). */
export function showTrace(ctx: VosContext, task: string | undefined): string[] {
  const traces = ctx.traces;
  if (traces === undefined) return [EXECUTED_UNSUCCESSFULLY];
  if (task === undefined) return ["Available trace tasks:", ...traces.tasks().map((t) => `   ${t}`), ""];
  const t = traces.get(task);
  if (t === undefined) return unknownTask(task);
  return [
    `Trace settings for task: ${t.name}`,
    `   Trace enabled : ${t.enabled ? "true" : "false"}`,
    `   Trace level   : ${t.level}`,
    `   Max file size : ${t.maxFileSizeMb} MB`,
    `   Max num files : ${t.maxNumFiles}`,
    "",
  ];
}

/** `set trace enable <level> <task>` / `set trace disable <task>` (words after `set trace`). */
export function setTrace(ctx: VosContext, words: string[]): string[] {
  const traces = ctx.traces;
  const [verb, ...rest] = words;
  if (traces === undefined || verb === undefined) return [EXECUTED_UNSUCCESSFULLY];
  if (verb.toLowerCase() === "disable" && rest.length === 1) {
    const task = rest[0] as string;
    return traces.disable(task) ? [`Trace disabled for task ${task}`, ""] : unknownTask(task);
  }
  if (verb.toLowerCase() === "enable" && rest.length === 2) {
    const [word, task] = rest as [string, string];
    const level = vosTraceLevel(word);
    if (level === undefined)
      return [`Invalid trace level: ${word}. Valid levels: ${VOS_TRACE_LEVELS.join(", ")}`, EXECUTED_UNSUCCESSFULLY];
    return traces.enable(task, level) ? [`Trace enabled for task ${task} at level ${level}`, ""] : unknownTask(task);
  }
  return [EXECUTED_UNSUCCESSFULLY];
}
