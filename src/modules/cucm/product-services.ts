/**
 * What every product module (CUCM, IM&P, Unity Connection) builds the same way: its services once
 * per running appliance (with the SSH session pool closed at shutdown), the outbound TLS policy
 * from the product's SERVER_*_SSL_VERIFY / _SSL_CA_BUNDLE, and the default fetch.
 */
import { readFileSync } from "node:fs";
import type { ApplianceCore } from "../../appliance/startup.ts";
import { resolveFromRoot } from "../../config/load.ts";
import type { FetchLike } from "../../protocols/http.ts";
import type { ProductSettings } from "../../protocols/settings.ts";
import { buildFetchTls, type FetchTls } from "../../protocols/tls.ts";
import type { VosPool } from "../../protocols/vos-ssh/pool.ts";

/** Bun's fetch, typed as the protocol clients expect it. */
export const defaultFetch: FetchLike = (url, init) => fetch(url, init as RequestInit);

/**
 * Returns a resolver that builds a module's services on first use for an appliance and reuses
 * them after; open SSH sessions to the nodes end with the appliance, not at their idle timeout.
 */
export function oncePerAppliance<S extends { ssh: VosPool }>(
  build: (core: ApplianceCore) => S,
): (core: ApplianceCore) => S {
  const built = new WeakMap<ApplianceCore, S>();
  return (core) => {
    let services = built.get(core);
    if (services === undefined) {
      const fresh = build(core);
      core.onStop(() => fresh.ssh.closeAll());
      built.set(core, fresh);
      services = fresh;
    }
    return services;
  };
}

/** The outbound TLS policy of a product, its CA bundle path resolved against the root. */
export function productFetchTls(core: ApplianceCore, settings: ProductSettings): FetchTls {
  const ca = settings.tls.caBundlePath;
  return buildFetchTls({ ...settings.tls, caBundlePath: ca === "" ? "" : resolveFromRoot(core.config, ca) }, (p) =>
    readFileSync(p, "utf8"),
  );
}
