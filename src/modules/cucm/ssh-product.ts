/**
 * The VOS SSH pieces every product shares (CUCM, IM&Presence and Unity Connection all run the
 * same Cisco VOS CLI; PRODUCT.md section 9): the services an SSH tool needs, built per product
 * from `productSettings` (SERVER_<PRODUCT>_SSH_*), the appliance-wide known-hosts store (host keys
 * belong to the host, not to a product), the product's `host` field, and the VOS target built
 * from the caller's own OS credential for that product.
 */

import { Client } from "ssh2";
import * as v from "valibot";
import type { ApplianceCore } from "../../appliance/startup.ts";
import { CredentialsMissingError } from "../../mcp/errors.ts";
import type { ToolContext } from "../../mcp/tool.ts";
import type { ProductSettings } from "../../protocols/settings.ts";
import { createVosPool, type VosPool } from "../../protocols/vos-ssh/pool.ts";
import type { VosTarget } from "../../protocols/vos-ssh/session.ts";
import { type KnownHosts, openKnownHosts } from "./known-hosts.ts";

/** A product reached over VOS SSH. */
export type SshProduct = "cucm" | "imp" | "cuc";

/** Human names of the products (tool descriptions and messages). */
export const PRODUCT_LABELS: Record<SshProduct, string> = {
  cucm: "CUCM",
  imp: "IM&Presence",
  cuc: "Unity Connection",
};

/** What the SSH tools (run command, trust fingerprint, connectivity) need. */
export interface SshServices {
  settings: ProductSettings;
  ssh: VosPool;
  connectSsh: () => Client;
  knownHosts: KnownHosts;
}

/** Injected SSH side effects. */
export interface SshOptions {
  connectSsh?: () => Client;
  /** Close idle VOS SSH sessions after this long (default 5 minutes; tests shorten it). */
  sshIdleMs?: number;
}

/** Builds a product's SSH pool on the appliance-wide known-hosts store; the pool closes with the appliance. */
export function buildSshServices(core: ApplianceCore, settings: ProductSettings, options: SshOptions): SshServices {
  const connectSsh = options.connectSsh ?? (() => new Client());
  const knownHosts = openKnownHosts(core.paths.secretsDir);
  const log = core.logger.child({ module: settings.product });
  const ssh = createVosPool({
    connect: connectSsh,
    knownHosts,
    logger: {
      debug: (o, m) => log.debug(o, m),
      info: (o, m) => log.info(o, m),
      warn: (o, m) => log.warn(o, m),
    },
    ...(options.sshIdleMs === undefined ? {} : { idleMs: options.sshIdleMs }),
  });
  core.onStop(() => ssh.closeAll());
  return { settings, ssh, connectSsh, knownHosts };
}

/** The `host` field of a product's tools. */
export function productHostField(product: SshProduct) {
  return v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(253),
    v.description(
      `${PRODUCT_LABELS[product]} ${product === "cucm" ? "publisher" : "node"} host name or IP address, as stored with ${product}_store_credentials`,
    ),
  );
}

/** VOS CLI target with the caller's OS administrator credentials for `product`. */
export function vosTargetFor(ctx: ToolContext, svc: SshServices, product: SshProduct, host: string): VosTarget {
  const cred = ctx.vault.get(product, "os", host);
  if (cred === undefined) throw new CredentialsMissingError(product, "os", host);
  return {
    host,
    port: cred.port ?? svc.settings.sshPort,
    username: cred.username,
    password: cred.password,
    timeoutMs: svc.settings.sshTimeoutMs,
    ...svc.settings.terminal,
  };
}
