/**
 * PerfMon tools: `<product>_perfmon_list` (objects and their counters, or one object's counters
 * and instances), `<product>_perfmon_collect` (one object's counters once) and
 * `<product>_perfmon_sample` (a session sampling chosen counters N times at an interval, with
 * progress and cancellation, summarised per counter). The profile's
 * serviceability.perfmon_objects decides which objects a caller may read.
 */
import * as v from "valibot";
import { CancelledError, ValidationError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import { type CounterValue, counterPath } from "../../protocols/serviceability/perfmon.ts";
import { hostField, hostOf } from "../uc/targets.ts";
import { textTable } from "../uc/text-table.ts";
import { type ProductServiceability, serviceabilityTarget } from "./deps.ts";
import { summariseSamples } from "./samples.ts";

const perfmonName = (what: string) =>
  v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(120),
    v.check(
      (s) => !s.includes("\\") && ![...s].some((c) => c.charCodeAt(0) < 32),
      `a ${what} name has no backslash or control character`,
    ),
  );

/** Longest sampling a call may ask for, in seconds (PerfMon allows about 80 requests a minute per node). */
const MAX_SAMPLING_SECONDS = 300;

/** The catalogue tool. */
export function perfmonListTool(p: ProductServiceability): AnyTool {
  const product = p.uc.product;
  return defineTool({
    name: `${product}_perfmon_list`,
    title: "PerfMon objects and counters",
    description: `PerfMon objects and counters of a node; with object, its counters and instances.`,
    input: v.object({ host: hostField(product), object: v.optional(perfmonName("object")) }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    service: "serviceability",
    access: (i) => ({ service: "serviceability", product, action: "perfmon", names: i.object ? [i.object] : [] }),
    bucket: "serviceability",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const target = serviceabilityTarget(ctx.vault, p.uc, host);
      const objects = await p.perfmon.listObjects(target, ctx.signal);
      if (input.object === undefined) {
        const rows = objects.map((o) => [o.name, o.multiInstance ? "yes" : "no", o.counters.join(", ")]);
        return toolResult(
          `${objects.length} object(s) on ${host}\n${textTable(["object", "instances", "counters"], rows)}`,
          {
            host,
            objects,
          },
        );
      }
      const object = objects.find((o) => o.name === input.object);
      if (object === undefined) {
        const near = objects.filter((o) =>
          o.name.toLowerCase().includes((input.object ?? "").toLowerCase().slice(0, 6)),
        );
        return toolResult(
          `No PerfMon object "${input.object}" on ${host}.${near.length > 0 ? ` Similar: ${near.map((o) => o.name).join(", ")}.` : ""} Object names are case-sensitive; call without object to list them.`,
          { host, objects: [] },
        );
      }
      const instances = object.multiInstance ? await p.perfmon.listInstances(target, object.name, ctx.signal) : [];
      return toolResult(
        `${object.name} on ${host}: counters ${object.counters.join(", ")}${instances.length > 0 ? `; instances ${instances.join(", ")}` : ""}`,
        { host, object: object.name, counters: object.counters, instances },
      );
    },
  });
}

function valueRows(values: CounterValue[]): Array<Array<string | number>> {
  return values.map((x) => [x.object, x.instance, x.counter, x.valid ? x.value : "n/a"]);
}

/** The one-shot collection tool. */
export function perfmonCollectTool(p: ProductServiceability): AnyTool {
  const product = p.uc.product;
  return defineTool({
    name: `${product}_perfmon_collect`,
    title: "Collect PerfMon counters once",
    description: `Reads one PerfMon object's counters now, e.g. Cisco CallManager; raw values (rates: ${product}_perfmon_sample).`,
    input: v.object({
      host: hostField(product),
      object: perfmonName("object"),
      counters: v.optional(v.pipe(v.array(perfmonName("counter")), v.maxLength(50))),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    service: "serviceability",
    access: (i) => ({ service: "serviceability", product, action: "perfmon", names: [i.object] }),
    bucket: "serviceability",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const all = await p.perfmon.collect(serviceabilityTarget(ctx.vault, p.uc, host), input.object, ctx.signal);
      const wanted = input.counters === undefined ? undefined : new Set(input.counters);
      const values = wanted === undefined ? all : all.filter((x) => wanted.has(x.counter));
      return toolResult(
        `${values.length} value(s) of ${input.object} on ${host}\n${textTable(["object", "instance", "counter", "value"], valueRows(values))}`,
        { host, object: input.object, values },
      );
    },
  });
}

/** The sampling-session tool. */
export function perfmonSampleTool(p: ProductServiceability): AnyTool {
  const product = p.uc.product;
  return defineTool({
    name: `${product}_perfmon_sample`,
    title: "Sample PerfMon counters over time",
    description: `Samples PerfMon counters several times (at most 300 s): min, max, average, last, and rate per second.`,
    input: v.object({
      host: hostField(product),
      counters: v.pipe(
        v.array(
          v.object({
            object: perfmonName("object"),
            counter: perfmonName("counter"),
            instance: v.optional(perfmonName("instance")),
          }),
        ),
        v.minLength(1),
        v.maxLength(20),
      ),
      samples: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(30)), 5),
      interval_seconds: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(60)), 5),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    service: "serviceability",
    access: (i) => ({
      service: "serviceability",
      product,
      action: "perfmon",
      names: [...new Set(i.counters.map((c) => c.object))],
    }),
    bucket: "serviceability",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const { samples, interval_seconds: interval } = input;
      if ((samples - 1) * interval > MAX_SAMPLING_SECONDS) {
        throw new ValidationError(`${samples} samples every ${interval} s exceed ${MAX_SAMPLING_SECONDS} s`, [
          `samples: at most ${Math.floor(MAX_SAMPLING_SECONDS / interval) + 1} at an interval of ${interval} s`,
        ]);
      }
      const target = serviceabilityTarget(ctx.vault, p.uc, host);
      const paths = input.counters.map((c) =>
        counterPath({ host, object: c.object, instance: c.instance ?? "", counter: c.counter }),
      );
      const session = await p.perfmon.openSession(target, ctx.signal);
      const taken: Array<{ at: number; values: CounterValue[] }> = [];
      try {
        await p.perfmon.addCounters(target, session, paths, ctx.signal);
        for (let i = 0; i < samples; i++) {
          if (i > 0) await sleep(interval * 1000, ctx.signal);
          taken.push({ at: Date.now(), values: await p.perfmon.collectSession(target, session, ctx.signal) });
          await ctx.progress(i + 1, samples, `sample ${i + 1} of ${samples}`);
        }
      } finally {
        // Never leave a session open on the node, also when the call was cancelled or failed.
        await p.perfmon
          .closeSession(target, session)
          .catch((err) => ctx.logger.warn({ host, err: (err as Error).message }, "PerfMon session close failed"));
      }
      const rows = summariseSamples(taken);
      return toolResult(
        `${samples} samples every ${interval} s on ${host}\n${textTable(
          ["object", "instance", "counter", "min", "max", "avg", "last", "rate_per_s"],
          rows.map((r) => [r.object, r.instance, r.counter, r.min, r.max, r.avg, r.last, r.ratePerSecond ?? ""]),
        )}`,
        { host, samples, intervalSeconds: interval, counters: rows },
      );
    },
  });
}

/** Waits `ms`, or throws CancelledError as soon as the call is cancelled. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
