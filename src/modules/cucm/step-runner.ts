/**
 * Runs a connectivity check's steps in order and formats the outcome for the agent; shared by the
 * imp_ and cuc_ connectivity tools (PRODUCT.md section 9: TCP, TLS/host key, auth, version).
 * The first failing step ends a service's check: later steps could only fail for the same reason.
 */
import type { StepResult } from "./probes.ts";

/** One service's ordered steps. */
export type Steps = Array<() => Promise<StepResult>>;

/** Runs steps in order until one fails. */
export async function runSteps(steps: Steps): Promise<StepResult[]> {
  const out: StepResult[] = [];
  for (const s of steps) {
    const r = await s();
    out.push(r);
    if (!r.ok) break;
  }
  return out;
}

/** Formats the per-service results for the agent. */
export function stepsText(results: Record<string, { ok: boolean; steps: StepResult[] }>): string {
  return Object.entries(results)
    .map(
      ([name, r]) =>
        `${name.toUpperCase()}: ${r.ok ? "OK" : "FAILED"}\n${r.steps.map((s) => `  ${s.ok ? "✓" : "✗"} ${s.step}: ${s.detail}`).join("\n")}`,
    )
    .join("\n");
}
