/**
 * `<product>_trace_show` and `<product>_trace_set`: the node's VOS platform trace tasks over the
 * VOS CLI (`show trace [<task>]`, `set trace enable <level> <task>`, `set trace disable <task>`).
 * Service trace levels of Cisco Unified Serviceability (Trace Configuration) have no public SOAP
 * API, so these tools manage what the CLI offers (docs/serviceability.md). Like the DRF and
 * certificate tools they use the caller's OS credential and the trusted host key and run only
 * their fixed commands: the profile's serviceability.status decides the reading,
 * serviceability.trace_set the change, not the SSH allowlist.
 */
import * as v from "valibot";
import { commandAction } from "../../mcp/action.ts";
import { NotFoundError, ToolError, UpstreamProtocolError, ValidationError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import type { VosTarget } from "../../protocols/vos-ssh/session.ts";
import { SERVICEABILITY_PATTERNS } from "../../util/patterns.ts";
import { hostField, hostOf, vosTarget } from "../uc/targets.ts";
import { textTable } from "../uc/text-table.ts";
import type { ProductServiceability } from "./deps.ts";
import {
  readTraceSetting,
  readTraceTasks,
  type TraceFailure,
  type TraceSetting,
  traceRefusal,
  VOS_TRACE_LEVELS,
} from "./trace-readings.ts";

/** More tasks than this in one answer would mean as many CLI round trips; name a task instead. */
const MAX_TASKS = 50;

const taskField = v.pipe(
  v.string(),
  v.regex(SERVICEABILITY_PATTERNS.traceTask, "a trace task is one word (letters, digits, . - _), e.g. servm"),
);

const settingSchema = v.object({
  task: v.string(),
  enabled: v.boolean(),
  level: v.optional(v.string()),
  maxFileSizeMb: v.optional(v.number()),
  maxFiles: v.optional(v.number()),
});

/** The tool error for a failed reading: an unknown task is NotFound, anything else the node's fault. */
function failureError(host: string, command: string, f: TraceFailure, product: string): ToolError {
  if (f.failure === "unknown-task")
    return new NotFoundError(
      `${host} has no such trace task (${command}: ${f.detail})`,
      `Call ${product}_trace_show without task to list the node's trace tasks.`,
    );
  return new UpstreamProtocolError(`${host} could not answer '${command}': ${f.detail}`);
}

async function readSetting(p: ProductServiceability, target: VosTarget, task: string): Promise<TraceSetting> {
  const command = `show trace ${task}`;
  const reading = readTraceSetting((await p.uc.ssh.run(target, command)).output, task);
  if (!reading.ok) throw failureError(target.host, command, reading, p.uc.product);
  return reading.setting;
}

function settingRows(settings: TraceSetting[]): string {
  return textTable(
    ["task", "enabled", "level", "file_size_mb", "files"],
    settings.map((s) => [s.task, s.enabled ? "yes" : "no", s.level ?? "?", s.maxFileSizeMb ?? "?", s.maxFiles ?? "?"]),
  );
}

/** The reading tool. */
export function traceShowTool(p: ProductServiceability): AnyTool {
  const product = p.uc.product;
  return defineTool({
    name: `${product}_trace_show`,
    title: "VOS trace settings",
    description: "VOS platform trace tasks: enabled, level, file size and count (task: just that one).",
    input: v.object({ host: hostField(product), task: v.optional(taskField) }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    output: v.object({ host: v.string(), tasks: v.array(settingSchema), omitted: v.optional(v.number()) }),
    product,
    service: "os",
    access: () => ({ service: "serviceability", product, action: "status" }),
    bucket: "serviceability",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const target = vosTarget(ctx.vault, p.uc, host);
      let names = input.task === undefined ? [] : [input.task];
      let omitted = 0;
      if (input.task === undefined) {
        const list = readTraceTasks((await p.uc.ssh.run(target, "show trace")).output);
        if (!list.ok) throw failureError(host, "show trace", list, product);
        omitted = Math.max(0, list.tasks.length - MAX_TASKS);
        names = list.tasks.slice(0, MAX_TASKS);
      }
      const tasks: TraceSetting[] = [];
      for (const task of names) tasks.push(await readSetting(p, target, task));
      const head = `${tasks.length} trace task(s) on ${host}, ${tasks.filter((t) => t.enabled).length} enabled${
        omitted > 0 ? `; ${omitted} more not read (name one with task)` : ""
      }`;
      return toolResult(`${head}\n${settingRows(tasks)}`, { host, tasks, ...(omitted > 0 ? { omitted } : {}) });
    },
  });
}

/** The setting tool. */
export function traceSetTool(p: ProductServiceability): AnyTool {
  const product = p.uc.product;
  const commandOf = (i: { task: string; level?: string; enabled?: boolean }) =>
    i.enabled === false ? `set trace disable ${i.task}` : `set trace enable ${i.level} ${i.task}`;
  return defineTool({
    name: `${product}_trace_set`,
    title: "Set a VOS trace level",
    description:
      "Sets a VOS trace task's level, or disables it (enabled: false); needs confirm: true. Returns the new setting.",
    input: v.object({
      host: hostField(product),
      task: taskField,
      level: v.optional(v.picklist(VOS_TRACE_LEVELS, `level must be one of ${VOS_TRACE_LEVELS.join(", ")}`)),
      enabled: v.optional(v.pipe(v.boolean(), v.description("false disables"))),
      confirm: v.optional(v.boolean(), false),
    }),
    // It overwrites the task's previous setting (and a verbose level costs the node disk and CPU);
    // the same call twice leaves the same setting.
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    answer: { textIncludesData: true },
    output: v.object({ host: v.string(), command: v.string(), setting: settingSchema, applied: v.boolean() }),
    product,
    service: "os",
    access: (i) => ({ service: "serviceability", product, action: "trace", names: [i.task] }),
    bucket: "serviceability",
    host: (i) => i.host,
    // The command when the input names one (the handler refuses the rest), and whether it was confirmed.
    action: (i) => ({
      ...(i.enabled === false || i.level !== undefined ? commandAction(commandOf(i)) : { task: i.task }),
      ...(i.confirm === true ? { confirm: true } : {}),
    }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      if (input.enabled === false && input.level !== undefined)
        throw new ValidationError("Give either level (to enable at that level) or enabled: false, not both.", [
          "level: omit it to disable",
        ]);
      if (input.enabled !== false && input.level === undefined)
        throw new ValidationError(`Say what to set: level (${VOS_TRACE_LEVELS.join(", ")}) or enabled: false.`, [
          "level: required unless enabled is false",
        ]);
      const command = commandOf(input);
      if (input.confirm !== true)
        throw new ValidationError(
          `Not done: this call would run '${command}' on ${host}. Call again with confirm: true to do it.`,
          [`confirm: must be true to run '${command}'`],
        );
      const target = vosTarget(ctx.vault, p.uc, host);
      const res = await p.uc.ssh.run(target, command);
      if (res.question !== undefined)
        throw new UpstreamProtocolError(
          `${host} asked "${res.question}" after '${command}'; the question was declined, so the command did not go ahead.`,
        );
      const refusal = traceRefusal(res.output);
      if (refusal) throw failureError(host, command, refusal, product);
      let setting: TraceSetting;
      try {
        setting = await readSetting(p, target, input.task);
      } catch (err) {
        // The change went through; the agent must not read a failed read-back as a failed change.
        if (!(err instanceof ToolError)) throw err;
        throw new UpstreamProtocolError(`${host} ran '${command}', but reading it back failed: ${err.message}`);
      }
      const applied = input.enabled === false ? !setting.enabled : setting.enabled && setting.level === input.level;
      const head = applied
        ? `Done on ${host}: ${command}; ${input.task} now reads:`
        : `Ran '${command}' on ${host}, but show trace ${input.task} does not show the change:`;
      return toolResult(`${head}\n${settingRows([setting])}`, { host, command, setting, applied });
    },
  });
}
