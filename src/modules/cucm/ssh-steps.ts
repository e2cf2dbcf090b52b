/**
 * The SSH part of every product's connectivity check (PRODUCT.md section 9): TCP, the host key
 * the node presents against the appliance-wide pin (RFC 4253 section 8; an untrusted or changed
 * key is audited as `fingerprint.rejected`), then login with the caller's OS credentials behind
 * the pinned key (RFC 4252). Shared by cucm_, imp_ and cuc_check_connectivity.
 */
import type { ToolContext } from "../../mcp/tool.ts";
import { auditHostKeyRefusal } from "./os-command-tool.ts";
import { type StepResult, step, tcpProbe } from "./probes.ts";
import { presentedFingerprint, sshLogin } from "./ssh-probe.ts";
import type { SshProduct, SshServices } from "./ssh-product.ts";
import { vosTargetFor } from "./ssh-product.ts";

/** The SSH steps of `product`'s connectivity check for `host`. */
export function sshSteps(
  ctx: ToolContext,
  svc: SshServices,
  product: SshProduct,
  host: string,
): Array<() => Promise<StepResult>> {
  const port = ctx.vault.get(product, "os", host)?.port ?? svc.settings.sshPort;
  const t = svc.settings.sshTimeoutMs;
  return [
    () => step("tcp", () => tcpProbe(host, port, t)),
    () =>
      step("hostKey", async () => {
        const seen = await presentedFingerprint(svc.connectSsh(), { host, port, timeoutMs: t });
        const pinned = svc.knownHosts.trusted(host, port) as string | undefined;
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
            ? `host key ${seen} is not trusted yet; an admin must call ${product}_os_trust_fingerprint`
            : `host key CHANGED: trusted ${pinned}, presented ${seen}`,
        );
      }),
    () =>
      step("auth", async () => {
        const target = vosTargetFor(ctx, svc, product, host);
        await sshLogin(svc.connectSsh(), target, svc.knownHosts).catch((err) => {
          auditHostKeyRefusal(ctx, err, host, port);
          throw err;
        });
        return `OS admin login accepted (version: ${product}_os_run_command 'show version active')`;
      }),
  ];
}
