/**
 * The CUPI part of `cuc_check_connectivity`, layer by layer: TCP, a TLS handshake verified per
 * SERVER_CUC_SSL_VERIFY / _CA_BUNDLE, then login with the caller's CUPI credentials and the
 * version (GET /vmrest/version/product). The SSH part is the shared one (src/modules/uc/ssh-steps.ts).
 */
import type { ToolContext } from "../../mcp/tool.ts";
import { step, tcpProbe, tlsProbe } from "../uc/probes.ts";
import type { Steps } from "../uc/step-runner.ts";
import { cupiTarget, portFor } from "../uc/targets.ts";
import type { CucDeps } from "./deps.ts";
import { fetchCucVersion } from "./version-tool.ts";

/** The CUPI steps for `host`. */
export function cupiSteps(ctx: ToolContext, deps: CucDeps, host: string): Steps {
  const port = portFor(ctx.vault, deps, "cupi", host, deps.settings.httpsPort);
  const t = deps.settings.requestTimeoutMs;
  return [
    () => step("tcp", () => tcpProbe(host, port, t)),
    () => step("tls", () => tlsProbe(deps.fetch, host, port, deps.tls, t, "cuc")),
    () =>
      step("version", async () => {
        const version = await fetchCucVersion(deps, cupiTarget(ctx.vault, deps, host), ctx.signal);
        return `authenticated; Unity Connection ${version}`;
      }),
  ];
}
