/**
 * `<product>_os_trust_fingerprint` (admin only): pins a node's SSH host key
 * appliance-wide (secrets/known_hosts.json) after the admin compared it out of band. The node
 * must present exactly the fingerprint given; otherwise nothing is stored. Every decision is
 * audited (`fingerprint.trusted` / `fingerprint.rejected`), and open sessions to the host are
 * closed so the next command uses the new key. Every product with VOS SSH has one; the
 * known-hosts store is appliance-wide (host keys belong to the host, not to a product).
 */
import * as v from "valibot";
import { ValidationError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import { CUCM_TOOL_PATTERNS } from "../../util/patterns.ts";
import type { UcDeps } from "./deps.ts";
import { trustToolName } from "./products.ts";
import { presentedFingerprint } from "./ssh-probe.ts";
import { hostField, hostOf } from "./targets.ts";

/** The trust tool of the deps' product. */
export function trustFingerprintTool(deps: UcDeps): AnyTool {
  const product = deps.product;
  return defineTool({
    name: trustToolName(product),
    title: "Trust a node's SSH host key",
    description: `Admin: trusts or rejects a node's SSH host key; trust only a fingerprint checked out of band.`,
    input: v.object({
      host: hostField(product),
      fingerprint: v.pipe(
        v.string(),
        v.regex(CUCM_TOOL_PATTERNS.sshFingerprint, "expected an OpenSSH fingerprint like SHA256:… (43 characters)"),
      ),
      port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535))),
      decision: v.optional(v.pipe(v.picklist(["trust", "reject"])), "trust"),
    }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product,
    service: "os",
    restricted: true,
    access: () => ({ service: "product", product }),
    host: (i) => i.host,
    answer: { textIncludesData: true },
    output: v.object({
      host: v.string(),
      port: v.number(),
      decision: v.string(),
      fingerprint: v.string(),
      replaced: v.nullable(v.string()),
      removed: v.nullable(v.string()),
    }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const port = input.port ?? ctx.vault.get(product, "os", host)?.port ?? deps.settings.sshPort;
      const previous = deps.knownHosts.trusted(host, port) as string | undefined;
      if (input.decision === "reject") {
        const removed = deps.knownHosts.remove(host, port);
        deps.ssh.closeHost(host);
        ctx.audit.event("fingerprint.rejected", {
          client: ctx.principal.clientName,
          host,
          port,
          fingerprint: input.fingerprint,
          reason: "admin",
          ...(previous ? { removed: previous } : {}),
        });
        return toolResult(
          removed
            ? `Rejected: ${host}:${port} is no longer trusted (was ${previous}); SSH to it is refused until a key is trusted again`
            : `Rejected: ${host}:${port} had no trusted key; SSH to it stays refused`,
          { host, port, decision: "reject", removed: previous ?? null },
        );
      }
      const presented = await presentedFingerprint(await deps.connectSsh(), {
        host,
        port,
        timeoutMs: deps.settings.sshTimeoutMs,
      });
      const base = { client: ctx.principal.clientName, host, port, fingerprint: input.fingerprint };
      if (presented !== input.fingerprint) {
        ctx.audit.event("fingerprint.rejected", { ...base, reason: "mismatch", presented });
        throw new ValidationError(
          `${host}:${port} presents ${presented}, not the fingerprint given; nothing was trusted`,
          ["fingerprint: does not match the key the node presents (check for a man in the middle)"],
        );
      }
      deps.knownHosts.trust(host, port, presented, ctx.principal.clientName);
      deps.ssh.closeHost(host);
      ctx.audit.event("fingerprint.trusted", { ...base, ...(previous ? { replaced: previous } : {}) });
      return toolResult(
        `Trusted ${presented} for ${host}:${port}${previous && previous !== presented ? ` (replaced ${previous})` : ""}`,
        { host, port, fingerprint: presented, replaced: previous ?? null },
      );
    },
  });
}
