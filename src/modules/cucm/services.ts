/**
 * The CUCM module's long-lived protocol clients, built once per running appliance from its
 * configuration (PRODUCT.md section 9): one AXL client (version memory, sessions per credential),
 * one RisPort70 client with the per-node query budget, one VOS SSH session pool pinned to the
 * appliance-wide known-hosts store, and the AXL schema catalogue cache. Side effects (fetch, the
 * ssh2 connector, the RIS budget clock) are injected through {@link CucmModuleOptions}.
 */
import { existsSync, readFileSync } from "node:fs";
import { Client } from "ssh2";
import type { ApplianceCore } from "../../appliance/startup.ts";
import { resolveFromRoot } from "../../config/load.ts";
import { type AxlClient, createAxlClient } from "../../protocols/axl/client.ts";
import { type CatalogueStore, createCatalogueStore } from "../../protocols/axl-schema/catalogue.ts";
import type { FetchLike } from "../../protocols/http.ts";
import { realSleep } from "../../protocols/logger.ts";
import { createRisClient, type RisClient } from "../../protocols/ris/client.ts";
import { createRisBudget } from "../../protocols/ris/rate-budget.ts";
import { type ProductSettings, productSettings } from "../../protocols/settings.ts";
import type { FetchTls } from "../../protocols/tls.ts";
import { createVosPool, type VosPool } from "../../protocols/vos-ssh/pool.ts";
import { type KnownHosts, openKnownHosts } from "./known-hosts.ts";
import { defaultFetch, oncePerAppliance, productFetchTls } from "./product-services.ts";

/** Injected side effects of the module (defaults are the real ones). */
export interface CucmModuleOptions {
  fetch?: FetchLike;
  connectSsh?: () => Client;
  /** The nodes' "Allowed Device Queries Per Minute" (Cisco default 15). */
  risPerMinute?: number;
  /** Clock and sleep of the RIS budget (benchmarks accelerate them with the lab clock). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Close idle VOS SSH sessions after this long (default 5 minutes; tests shorten it). */
  sshIdleMs?: number;
  /** Sleep between AXL retries (tests make backoff instant). */
  retrySleep?: (ms: number) => Promise<void>;
}

/**
 * Largest AXL answer accepted: CUCM caps answers at 8 MB (AXL Developer Guide, "AXL throttling"),
 * plus room for the envelope; anything larger is not a real CUCM answer and is refused.
 */
export const AXL_MAX_RESPONSE_BYTES = 8 * 1024 * 1024 + 256 * 1024;

/** Everything the tools share. */
export interface CucmServices {
  settings: ProductSettings;
  /** TLS for AXL/RIS/toolkit (SERVER_CUCM_SSL_VERIFY / _CA_BUNDLE). */
  tls: FetchTls;
  fetch: FetchLike;
  axl: AxlClient;
  ris: RisClient;
  ssh: VosPool;
  connectSsh: () => Client;
  catalogues: CatalogueStore;
  knownHosts: KnownHosts;
  axlSchemasDir: string;
  risSchemasDir: string;
}

/** Returns a resolver that builds the services once per appliance core. */
export function servicesResolver(options: CucmModuleOptions = {}): (core: ApplianceCore) => CucmServices {
  return oncePerAppliance((core) => buildServices(core, options));
}

function buildServices(core: ApplianceCore, options: CucmModuleOptions): CucmServices {
  const settings = productSettings(core.config, "cucm");
  const at = (p: string | undefined) => resolveFromRoot(core.config, p ?? "");
  const tls = productFetchTls(core, settings);
  const fetchFn = options.fetch ?? defaultFetch;
  const log = core.logger.child({ module: "cucm" });
  const logger = {
    debug: (o: Record<string, unknown>, m: string) => log.debug(o, m),
    info: (o: Record<string, unknown>, m: string) => log.info(o, m),
    warn: (o: Record<string, unknown>, m: string) => log.warn(o, m),
  };
  const connectSsh = options.connectSsh ?? (() => new Client());
  const knownHosts = openKnownHosts(core.paths.secretsDir);
  return {
    settings,
    tls,
    fetch: fetchFn,
    axl: createAxlClient({
      fetch: fetchFn,
      sleep: options.retrySleep ?? realSleep,
      random: Math.random,
      logger,
      maxResponseBytes: AXL_MAX_RESPONSE_BYTES,
    }),
    ris: createRisClient({
      fetch: fetchFn,
      logger,
      budget: createRisBudget({
        perMinute: options.risPerMinute ?? 15,
        now: options.now ?? Date.now,
        sleep: options.sleep ?? realSleep,
      }),
    }),
    ssh: createVosPool({
      connect: connectSsh,
      knownHosts,
      logger,
      ...(options.sshIdleMs === undefined ? {} : { idleMs: options.sshIdleMs }),
    }),
    connectSsh,
    catalogues: createCatalogueStore({
      readText: (p) => (existsSync(p) ? readFileSync(p, "utf8") : undefined),
      modelCacheMax: settings.schemaCacheMax ?? 32,
      describeCacheMax: settings.describeCacheMax ?? 64,
    }),
    knownHosts,
    axlSchemasDir: at(settings.axlSchemasDir),
    risSchemasDir: at(settings.risSchemasDir),
  };
}
