/**
 * The IM&Presence module's long-lived clients, built once per running appliance from its
 * configuration (PRODUCT.md section 9; seed keys SERVER_IMP_*): one AXL client (IM&P serves the
 * same AXL SOAP interface as CUCM under /axl/, with version negotiation and sessions per
 * credential; AXL Developer Guide) with outbound TLS per SERVER_IMP_SSL_VERIFY /
 * SERVER_IMP_SSL_CA_BUNDLE, the AXL schema catalogue cache (SERVER_IMP_AXL_SCHEMAS_DIR), and a VOS SSH pool on the appliance-wide known-hosts store. IM&P has
 * no RisPort70. Side effects are injected through {@link ImpModuleOptions}.
 */
import { existsSync, readFileSync } from "node:fs";
import type { ApplianceCore } from "../../appliance/startup.ts";
import { resolveFromRoot } from "../../config/load.ts";
import { type AxlClient, createAxlClient } from "../../protocols/axl/client.ts";
import { type CatalogueStore, createCatalogueStore } from "../../protocols/axl-schema/catalogue.ts";
import type { FetchLike } from "../../protocols/http.ts";
import { realSleep } from "../../protocols/logger.ts";
import { type ProductSettings, productSettings } from "../../protocols/settings.ts";
import type { FetchTls } from "../../protocols/tls.ts";
import { defaultFetch, oncePerAppliance, productFetchTls } from "../cucm/product-services.ts";
import { AXL_MAX_RESPONSE_BYTES } from "../cucm/services.ts";
import { buildSshServices, type SshOptions, type SshServices } from "../cucm/ssh-product.ts";

/** Injected side effects of the module (defaults are the real ones). */
export interface ImpModuleOptions extends SshOptions {
  fetch?: FetchLike;
  /** Sleep between AXL retries (tests make backoff instant). */
  retrySleep?: (ms: number) => Promise<void>;
}

/** Everything the IM&P tools share. */
export interface ImpServices extends SshServices {
  settings: ProductSettings;
  /** TLS for AXL (SERVER_IMP_SSL_VERIFY / _CA_BUNDLE). */
  tls: FetchTls;
  fetch: FetchLike;
  axl: AxlClient;
  /** Parsed AXL schema catalogues (from imp_download_axl_toolkit). */
  catalogues: CatalogueStore;
  /** SERVER_IMP_AXL_SCHEMAS_DIR, resolved. */
  axlSchemasDir: string;
}

/** How a tool reaches the shared clients. */
export type ImpServicesResolver = (core: ApplianceCore) => ImpServices;

/** Returns a resolver that builds the services once per appliance core. */
export function impServicesResolver(options: ImpModuleOptions = {}): ImpServicesResolver {
  return oncePerAppliance((core) => buildServices(core, options));
}

function buildServices(core: ApplianceCore, options: ImpModuleOptions): ImpServices {
  const settings = productSettings(core.config, "imp");
  const tls = productFetchTls(core, settings);
  const fetchFn = options.fetch ?? defaultFetch;
  const log = core.logger.child({ module: "imp" });
  return {
    ...buildSshServices(core, settings, options),
    settings,
    tls,
    fetch: fetchFn,
    axl: createAxlClient({
      fetch: fetchFn,
      sleep: options.retrySleep ?? realSleep,
      random: Math.random,
      logger: {
        debug: (o, m) => log.debug(o, m),
        info: (o, m) => log.info(o, m),
        warn: (o, m) => log.warn(o, m),
      },
      maxResponseBytes: AXL_MAX_RESPONSE_BYTES,
    }),
    catalogues: createCatalogueStore({
      readText: (p) => (existsSync(p) ? readFileSync(p, "utf8") : undefined),
      modelCacheMax: settings.schemaCacheMax ?? 32,
      describeCacheMax: settings.describeCacheMax ?? 64,
    }),
    axlSchemasDir: resolveFromRoot(core.config, settings.axlSchemasDir ?? ""),
  };
}
