/**
 * `cuc_check_connectivity` (PRODUCT.md section 9): the path to a Unity Connection node for CUPI,
 * layer by layer: TCP, a TLS handshake verified per SERVER_CUC_SSL_VERIFY / _CA_BUNDLE, then
 * login with the caller's CUPI credentials and the version (GET /vmrest/version/product). Each
 * step reports ok/failed with the reason, so the agent can tell a firewall from a certificate
 * from a password problem. The first failing step ends a service's check. SSH: TCP, host key
 * trust, OS login (shared with CUCM, src/modules/cucm/ssh-steps.ts).
 */
import * as v from "valibot";
import { type AnyTool, defineTool, type ToolContext, toolResult } from "../../mcp/tool.ts";
import { type StepResult, step, tcpProbe, tlsProbe } from "../cucm/probes.ts";
import { sshSteps } from "../cucm/ssh-steps.ts";
import { runSteps, type Steps, stepsText } from "../cucm/step-runner.ts";
import type { CucServices, CucServicesResolver } from "./services.ts";
import { cucHostField, cupiTarget, hostOf } from "./shared.ts";
import { fetchCucVersion } from "./version-tool.ts";

function cupiSteps(ctx: ToolContext, svc: CucServices, host: string): Steps {
  const port = ctx.vault.get("cuc", "cupi", host)?.port ?? svc.settings.httpsPort;
  const t = svc.settings.requestTimeoutMs;
  return [
    () => step("tcp", () => tcpProbe(host, port, t)),
    () => step("tls", () => tlsProbe(svc.fetch, host, port, svc.tls, t, "cuc")),
    () =>
      step("version", async () => {
        const version = await fetchCucVersion(svc, cupiTarget(ctx, svc, host), ctx.signal);
        return `authenticated; Unity Connection ${version}`;
      }),
  ];
}

/** The connectivity tool. */
export function cucConnectivityTool(services: CucServicesResolver): AnyTool {
  return defineTool({
    name: "cuc_check_connectivity",
    title: "Check connectivity to a Unity Connection node",
    description:
      "Diagnoses the path to a Unity Connection node for CUPI and SSH: TCP, TLS certificate (or SSH host key trust), login with your stored CUPI / OS credentials and the version. Use it first when other cuc_ tools fail with Upstream*/Credentials* errors.",
    input: v.object({
      host: cucHostField,
      services: v.optional(v.array(v.picklist(["cupi", "ssh"])), ["cupi", "ssh"]),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product: "cuc",
    access: () => ({ service: "product", product: "cuc" }),
    bucket: "cupi",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const svc = services(ctx.core);
      const build = { cupi: cupiSteps, ssh: (c: ToolContext, s: CucServices, h: string) => sshSteps(c, s, "cuc", h) };
      const results: Record<string, { ok: boolean; steps: StepResult[] }> = {};
      for (const name of input.services) {
        const steps = await runSteps(build[name](ctx, svc, host));
        results[name] = { ok: steps.every((s) => s.ok), steps };
      }
      return toolResult(stepsText(results), { host, results });
    },
  });
}
