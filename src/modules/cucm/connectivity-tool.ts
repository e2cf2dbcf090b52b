/**
 * `cucm_check_connectivity` (PRODUCT.md section 9): for AXL, RisPort70 and SSH, checks TCP, TLS
 * (or the SSH host key), authentication with the caller's stored credentials, and the version,
 * step by step. Stops a service at its first failing step and says why.
 */
import * as v from "valibot";
import { type AnyTool, defineTool, type ToolContext, toolResult } from "../../mcp/tool.ts";
import { axlReturn } from "../../protocols/axl/client.ts";
import { objectOf, textOf } from "../../protocols/soap/shape.ts";
import { type StepResult, step, tcpProbe, tlsProbe } from "./probes.ts";
import type { CucmServices } from "./services.ts";
import { hostField, type Services } from "./shared.ts";
import { sshSteps as productSshSteps } from "./ssh-steps.ts";
import { axlTarget, hostOf, risTarget } from "./targets.ts";

type Steps = Array<() => Promise<StepResult>>;

async function runSteps(steps: Steps): Promise<StepResult[]> {
  const out: StepResult[] = [];
  for (const s of steps) {
    const r = await s();
    out.push(r);
    if (!r.ok) break;
  }
  return out;
}

function axlSteps(ctx: ToolContext, svc: CucmServices, host: string): Steps {
  const port = ctx.vault.get("cucm", "axl", host)?.port ?? svc.settings.httpsPort;
  const t = svc.settings.requestTimeoutMs;
  return [
    () => step("tcp", () => tcpProbe(host, port, t)),
    () => step("tls", () => tlsProbe(svc.fetch, host, port, svc.tls, t)),
    () =>
      step("version", async () => {
        const res = await svc.axl.call(axlTarget(ctx, svc, host), "getCCMVersion", {}, { signal: ctx.signal });
        const version = textOf(objectOf(objectOf(axlReturn(res))["componentVersion"])["version"]);
        return `authenticated; CUCM ${version}, AXL schema ${res.version}`;
      }),
  ];
}

function risSteps(ctx: ToolContext, svc: CucmServices, host: string): Steps {
  const port = ctx.vault.get("cucm", "axl", host)?.port ?? svc.settings.risPort ?? svc.settings.httpsPort;
  const t = svc.settings.requestTimeoutMs;
  return [
    () => step("tcp", () => tcpProbe(host, port, t)),
    () => step("tls", () => tlsProbe(svc.fetch, host, port, svc.tls, t)),
    () =>
      step("auth", async () => {
        const res = await svc.ris.selectCmDevice(
          risTarget(ctx, svc, host),
          { items: ["AIBRIDGE-PROBE"] },
          { signal: ctx.signal },
        );
        return `authenticated; RisPort70 answered (${res.requests} request)`;
      }),
  ];
}

function sshSteps(ctx: ToolContext, svc: CucmServices, host: string): Steps {
  return productSshSteps(ctx, svc, "cucm", host);
}

/** The connectivity tool. */
export function connectivityTool(services: Services): AnyTool {
  return defineTool({
    name: "cucm_check_connectivity",
    title: "Check connectivity to a CUCM node",
    description:
      "Diagnoses the path to a CUCM node for AXL, RisPort70 and SSH: TCP, TLS certificate (or SSH host key trust), login with your stored credentials and the version. Use it first when other cucm_ tools fail with Upstream*/Credentials* errors.",
    input: v.object({
      host: hostField,
      services: v.optional(v.array(v.picklist(["axl", "ris", "ssh"])), ["axl", "ris", "ssh"]),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product: "cucm",
    access: () => ({ service: "product", product: "cucm" }),
    bucket: "axl",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const svc = services(ctx.core);
      const build = { axl: axlSteps, ris: risSteps, ssh: sshSteps };
      const results: Record<string, { ok: boolean; steps: StepResult[] }> = {};
      for (const name of input.services) {
        const steps = await runSteps(build[name](ctx, svc, host));
        results[name] = { ok: steps.every((s) => s.ok), steps };
      }
      const text = Object.entries(results)
        .map(
          ([name, r]) =>
            `${name.toUpperCase()}: ${r.ok ? "OK" : "FAILED"}\n${r.steps.map((s) => `  ${s.ok ? "✓" : "✗"} ${s.step}: ${s.detail}`).join("\n")}`,
        )
        .join("\n");
      return toolResult(text, { host, results });
    },
  });
}
