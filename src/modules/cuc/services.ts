import type { ApplianceCore } from "../../appliance/startup.ts";
import { type CupiClient, createCupiClient } from "../../protocols/cupi/client.ts";
import type { FetchLike } from "../../protocols/http.ts";
import { realSleep } from "../../protocols/logger.ts";
import { type ProductSettings, productSettings } from "../../protocols/settings.ts";
import type { FetchTls } from "../../protocols/tls.ts";
import { defaultFetch, oncePerAppliance, productFetchTls } from "../cucm/product-services.ts";
import { buildSshServices, type SshOptions, type SshServices } from "../cucm/ssh-product.ts";

/** Rows asked per page by default (CUPI accepts larger pages, but big pages slow the node). */
export const CUPI_PAGE_ROWS = 500;

/** Injected side effects of the module (defaults are the real ones). */
export interface CucModuleOptions extends SshOptions {
  fetch?: FetchLike;
  /** Sleep between CUPI retries of a busy (503) node (tests make backoff instant). */
  retrySleep?: (ms: number) => Promise<void>;
  /** Rows asked per CUPI page (default 500; tests shrink it to see paging on a small lab). */
  pageRows?: number;
}

/** Everything the Unity Connection tools share (SSH: SERVER_CUC_SSH_*, appliance-wide known hosts). */
export interface CucServices extends SshServices {
  settings: ProductSettings;
  /** TLS for CUPI (SERVER_CUC_SSL_VERIFY / _CA_BUNDLE). */
  tls: FetchTls;
  fetch: FetchLike;
  cupi: CupiClient;
  /** Rows asked per page of a paged GET. */
  pageRows: number;
}

/** How a tool reaches the shared clients. */
export type CucServicesResolver = (core: ApplianceCore) => CucServices;

/** Returns a resolver that builds the services once per appliance core. */
export function cucServicesResolver(options: CucModuleOptions = {}): CucServicesResolver {
  return oncePerAppliance((core) => buildServices(core, options));
}

function buildServices(core: ApplianceCore, options: CucModuleOptions): CucServices {
  const settings = productSettings(core.config, "cuc");
  const tls = productFetchTls(core, settings);
  const fetchFn = options.fetch ?? defaultFetch;
  return {
    ...buildSshServices(core, settings, options),
    settings,
    tls,
    fetch: fetchFn,
    cupi: createCupiClient({ fetch: fetchFn, sleep: options.retrySleep ?? realSleep, random: Math.random }),
    pageRows: options.pageRows ?? CUPI_PAGE_ROWS,
  };
}
