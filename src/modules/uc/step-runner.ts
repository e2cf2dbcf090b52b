/**
 * Every product's connectivity check (`<product>_check_connectivity`): per service, TCP, TLS or
 * the SSH host key, login with the caller's stored credentials and the version, step by step.
 * The first failing step ends a service's check (later steps could only fail for the same
 * reason) and says why, so the agent can tell a firewall from a certificate from a password.
 */
import * as v from "valibot";
import { CredentialsMissingError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, type ToolContext, toolResult } from "../../mcp/tool.ts";
import type { Bucket } from "../../ratelimit/sliding-window.ts";
import type { UcDeps } from "./deps.ts";
import type { StepResult } from "./probes.ts";
import { PRODUCTS, productLabel } from "./products.ts";
import { hostField, hostOf } from "./targets.ts";

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
function stepsText(results: Record<string, { ok: boolean; steps: StepResult[] }>): string {
  return Object.entries(results)
    .map(
      ([name, r]) =>
        `${name.toUpperCase()}: ${r.ok ? "OK" : "FAILED"}\n${r.steps.map((s) => `  ${s.ok ? "✓" : "✗"} ${s.step}: ${s.detail}`).join("\n")}`,
    )
    .join("\n");
}

/** The connectivity tool of the deps' product over the given per-service step builders. */
export function connectivityTool<N extends string>(
  deps: UcDeps,
  spec: {
    /** Service names (as the agent picks them) and their step builders, in check order. */
    services: Record<N, (ctx: ToolContext, host: string) => Steps>;
    /** What the description lists, e.g. "AXL and SSH". */
    summary: string;
    bucket: Bucket;
  },
): AnyTool {
  const product = deps.product;
  const names = Object.keys(spec.services) as [N, ...N[]];
  return defineTool({
    name: `${product}_check_connectivity`,
    title: `Check connectivity to a ${productLabel(product)} node`,
    description: `Checks TCP, TLS or host key, login and version for ${spec.summary} (hosts with your stored credentials only); use when other tools fail.`,
    input: v.object({
      host: hostField(product),
      services: v.optional(v.array(v.picklist(names)), names),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product,
    access: () => ({ service: "product", product }),
    bucket: spec.bucket,
    host: (i) => i.host,
    answer: { textIncludesData: true },
    output: v.object({ host: v.string(), results: v.record(v.string(), v.unknown()) }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      // Only hosts the caller already has credentials for: otherwise this tool would let any
      // client TCP/TLS-probe arbitrary addresses on the configured ports from the appliance.
      if (!ctx.vault.list(product).some((c) => c.host === host))
        throw new CredentialsMissingError(product, PRODUCTS[product].credentials[0], host);
      const results: Record<string, { ok: boolean; steps: StepResult[] }> = {};
      for (const name of input.services as N[]) {
        const steps = await runSteps(spec.services[name](ctx, host));
        results[name] = { ok: steps.every((s) => s.ok), steps };
      }
      return toolResult(stepsText(results), { host, results });
    },
  });
}
