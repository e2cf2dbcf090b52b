/**
 * The SSH part of every product's connectivity check: TCP, the host key the node presents
 * against the appliance-wide pin (RFC 4253 section 8; an untrusted or changed key is audited as
 * `fingerprint.rejected`), then login with the caller's OS credentials behind the pinned key
 * (RFC 4252).
 */
import type { ToolContext } from "../../mcp/tool.ts";
import type { UcDeps } from "./deps.ts";
import { auditHostKeyRefusal } from "./os-command-tool.ts";
import { step, tcpProbe } from "./probes.ts";
import { trustToolName } from "./products.ts";
import { presentedFingerprint, sshLogin } from "./ssh-probe.ts";
import type { Steps } from "./step-runner.ts";
import { portFor, vosTarget } from "./targets.ts";

/** The SSH steps of the deps' product's connectivity check for `host`. */
export function sshSteps(ctx: ToolContext, deps: UcDeps, host: string): Steps {
  const product = deps.product;
  const port = portFor(ctx.vault, deps, "os", host, deps.settings.sshPort);
  const t = deps.settings.sshTimeoutMs;
  return [
    () => step("tcp", () => tcpProbe(host, port, t)),
    () =>
      step("hostKey", async () => {
        const seen = await presentedFingerprint(await deps.connectSsh(), { host, port, timeoutMs: t });
        const pinned = deps.knownHosts.trusted(host, port) as string | undefined;
        if (pinned === seen) return `host key ${seen} is trusted`;
        ctx.audit.event("fingerprint.rejected", {
          client: ctx.principal.clientName,
          host,
          port,
          reason: pinned === undefined ? "untrusted" : "changed",
          presented: seen,
          ...(pinned === undefined ? {} : { trusted: pinned }),
          source: `${product}_check_connectivity`,
        });
        throw new Error(
          pinned === undefined
            ? `host key ${seen} is not trusted yet; an admin must call ${trustToolName(product)}`
            : `host key CHANGED: trusted ${pinned}, presented ${seen}`,
        );
      }),
    () =>
      step("auth", async () => {
        const target = vosTarget(ctx.vault, deps, host);
        await sshLogin(await deps.connectSsh(), target, deps.knownHosts).catch((err) => {
          auditHostKeyRefusal(ctx, err, host, port);
          throw err;
        });
        return `OS admin login accepted (version: ${product}_os_run_command 'show version active')`;
      }),
  ];
}
