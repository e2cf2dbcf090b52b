/**
 * `imp_check_connectivity` (PRODUCT.md section 9): the path to an IM&Presence node for AXL
 * (TCP, TLS verified per SERVER_IMP_SSL_VERIFY / _CA_BUNDLE, login and version via
 * getCCMVersion) and SSH (TCP, host key trust, OS login; shared with CUCM). IM&P has no
 * RisPort70. Each step reports ok/failed with the reason; the first failure ends a service.
 */
import * as v from "valibot";
import { type AnyTool, defineTool, type ToolContext, toolResult } from "../../mcp/tool.ts";
import { type StepResult, step, tcpProbe, tlsProbe } from "../cucm/probes.ts";
import { sshSteps } from "../cucm/ssh-steps.ts";
import { runSteps, stepsText } from "../cucm/step-runner.ts";
import type { ImpServices, ImpServicesResolver } from "./services.ts";
import { hostOf, impAxlTarget, impHostField, impVersion } from "./shared.ts";

function axlSteps(ctx: ToolContext, svc: ImpServices, host: string): Array<() => Promise<StepResult>> {
  const port = ctx.vault.get("imp", "axl", host)?.port ?? svc.settings.httpsPort;
  const t = svc.settings.requestTimeoutMs;
  return [
    () => step("tcp", () => tcpProbe(host, port, t)),
    () => step("tls", () => tlsProbe(svc.fetch, host, port, svc.tls, t, "imp")),
    () =>
      step("version", async () => {
        const got = await impVersion(svc.axl, impAxlTarget(ctx, svc, host), ctx.signal);
        return `authenticated; IM&Presence ${got.version}, AXL schema ${got.axlVersion}`;
      }),
  ];
}

/** The connectivity tool. */
export function impConnectivityTool(services: ImpServicesResolver): AnyTool {
  return defineTool({
    name: "imp_check_connectivity",
    title: "Check connectivity to an IM&Presence node",
    description:
      "Diagnoses the path to an IM&Presence node for AXL and SSH: TCP, TLS certificate (or SSH host key trust), login with your stored credentials and the version. Use it first when other imp_ tools fail with Upstream*/Credentials* errors.",
    input: v.object({
      host: impHostField,
      services: v.optional(v.array(v.picklist(["axl", "ssh"])), ["axl", "ssh"]),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product: "imp",
    access: () => ({ service: "product", product: "imp" }),
    bucket: "axl",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const svc = services(ctx.core);
      const build = { axl: axlSteps, ssh: (c: ToolContext, s: ImpServices, h: string) => sshSteps(c, s, "imp", h) };
      const results: Record<string, { ok: boolean; steps: StepResult[] }> = {};
      for (const name of input.services) {
        const steps = await runSteps(build[name](ctx, svc, host));
        results[name] = { ok: steps.every((s) => s.ok), steps };
      }
      return toolResult(stepsText(results), { host, results });
    },
  });
}
