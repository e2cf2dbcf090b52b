/** Benchmark statistics: every figure is a median over repeated runs, printed with its min-max spread. */

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
}

/** "min-max (n runs)" with `digits` decimals, for the results table. */
export function spreadText(s: Spread, digits: number, runs: number): string {
  return `${s.min.toFixed(digits)}-${s.max.toFixed(digits)} (${runs} runs)`;
}

/** Seconds of CPU this process used while `fn` ran, as a share of the machine's cores over the same wall time. */
export async function withCpuShare<T>(fn: () => Promise<T>): Promise<{ value: T; cpuShare: number }> {
  const cores = navigator.hardwareConcurrency || 1;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const used = process.cpuUsage(c0);
  const wallUs = (performance.now() - t0) * 1000;
  return { value, cpuShare: (used.user + used.system) / (wallUs * cores) };
}
