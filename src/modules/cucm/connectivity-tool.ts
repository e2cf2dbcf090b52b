/**
 * `cucm_check_connectivity`: for AXL, RisPort70 and SSH, checks TCP, TLS (or the SSH host key),
 * authentication with the caller's stored credentials, and the version, step by step
 * (src/modules/uc/step-runner.ts). RisPort70 is CUCM's own; the AXL and SSH steps are shared.
 */
import type { AnyTool, ToolContext } from "../../mcp/tool.ts";
import { axlSteps } from "../uc/axl-version.ts";
import { step, tcpProbe, tlsProbe } from "../uc/probes.ts";
import { sshSteps } from "../uc/ssh-steps.ts";
import { type Steps, connectivityTool as ucConnectivityTool } from "../uc/step-runner.ts";
import { portFor, risTarget } from "../uc/targets.ts";
import type { CucmDeps } from "./deps.ts";

function risSteps(ctx: ToolContext, deps: CucmDeps, host: string): Steps {
  const port = portFor(ctx.vault, deps, "axl", host, deps.settings.risPort ?? deps.settings.httpsPort);
  const t = deps.settings.requestTimeoutMs;
  return [
    () => step("tcp", () => tcpProbe(host, port, t)),
    () => step("tls", () => tlsProbe(deps.fetch, host, port, deps.tls, t, "cucm")),
    () =>
      step("auth", async () => {
        const res = await deps.ris.selectCmDevice(
          risTarget(ctx.vault, deps, host),
          { items: ["AIBRIDGE-PROBE"] },
          { signal: ctx.signal },
        );
        return `authenticated; RisPort70 answered (${res.requests} request)`;
      }),
  ];
}

/** The connectivity tool. */
export function connectivityTool(deps: CucmDeps): AnyTool {
  return ucConnectivityTool(deps, {
    summary: "AXL, RisPort70 and SSH",
    bucket: "axl",
    services: {
      axl: (ctx, host) => axlSteps(ctx, deps, host),
      ris: (ctx, host) => risSteps(ctx, deps, host),
      ssh: (ctx, host) => sshSteps(ctx, deps, host),
    },
  });
}
