/**
 * Summarises PerfMon samples per counter. PerfMon returns raw values: gauges (CallsActive,
 * % CPU Time) are read as they are; cumulative counters (CallsAttempted, CallsCompleted, …) only
 * mean something as a rate between two samples, which is computed here for the counters named
 * as cumulative below.
 */
import type { CounterValue } from "../../protocols/serviceability/perfmon.ts";

/** Counter names that count events since the service started (rate = difference / time). */
const CUMULATIVE = /(Attempted|Completed|Abandoned|Received|Sent|Created|Dropped|Failed|HeartBeat)$/;

/** One counter over the session. */
export interface CounterSummary {
  object: string;
  instance: string;
  counter: string;
  min: number;
  max: number;
  avg: number;
  last: number;
  /** Per second between the first and last sample, for cumulative counters; undefined otherwise. */
  ratePerSecond?: number;
  /** Samples whose value was not valid (CStatus), left out of the figures. */
  invalid: number;
}

/** Builds one summary per counter path, in the order of the first sample. */
export function summariseSamples(taken: Array<{ at: number; values: CounterValue[] }>): CounterSummary[] {
  const series = new Map<string, { v: CounterValue; points: Array<{ at: number; value: number }>; invalid: number }>();
  for (const sample of taken) {
    for (const value of sample.values) {
      const entry = series.get(value.path) ?? { v: value, points: [], invalid: 0 };
      if (value.valid) entry.points.push({ at: sample.at, value: value.value });
      else entry.invalid++;
      series.set(value.path, entry);
    }
  }
  return [...series.values()].map(({ v, points, invalid }) => {
    const values = points.map((p) => p.value);
    const first = points[0];
    const last = points.at(-1);
    const summary: CounterSummary = {
      object: v.object,
      instance: v.instance,
      counter: v.counter,
      min: values.length > 0 ? Math.min(...values) : 0,
      max: values.length > 0 ? Math.max(...values) : 0,
      avg: values.length > 0 ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : 0,
      last: last?.value ?? 0,
      invalid,
    };
    if (CUMULATIVE.test(v.counter) && first && last && last.at > first.at) {
      summary.ratePerSecond = Math.round(((last.value - first.value) / ((last.at - first.at) / 1000)) * 1000) / 1000;
    }
    return summary;
  });
}
