/**
 * The Unity Connection module's long-lived clients, built once per running appliance from its
 * configuration (PRODUCT.md section 9; seed keys SERVER_CUC_*): one CUPI client (Cisco "CUPI API"
 * guide: HTTPS Basic auth under /vmrest/) with outbound TLS per SERVER_CUC_SSL_VERIFY /
 * SERVER_CUC_SSL_CA_BUNDLE, and a VOS SSH session pool for the OS CLI. Side effects (fetch, retry sleep) are injected through
 * {@link CucModuleOptions} so tests run against the lab without waiting on backoff.
 */
import { readFileSync } from "node:fs";
import type { ApplianceCore } from "../../appliance/startup.ts";
import { resolveFromRoot } from "../../config/load.ts";
import { type CupiClient, createCupiClient } from "../../protocols/cupi/client.ts";
import type { FetchLike } from "../../protocols/http.ts";
import { realSleep } from "../../protocols/logger.ts";
import { type ProductSettings, productSettings } from "../../protocols/settings.ts";
import { buildFetchTls, type FetchTls } from "../../protocols/tls.ts";
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

const defaultFetch: FetchLike = (url, init) => fetch(url, init as RequestInit);

/** Returns a resolver that builds the services once per appliance core. */
export function cucServicesResolver(options: CucModuleOptions = {}): CucServicesResolver {
  const built = new WeakMap<ApplianceCore, CucServices>();
  return (core) => {
    let s = built.get(core);
    if (s === undefined) {
      s = buildServices(core, options);
      built.set(core, s);
    }
    return s;
  };
}

function buildServices(core: ApplianceCore, options: CucModuleOptions): CucServices {
  const settings = productSettings(core.config, "cuc");
  const ca = settings.tls.caBundlePath;
  const tls = buildFetchTls({ ...settings.tls, caBundlePath: ca === "" ? "" : resolveFromRoot(core.config, ca) }, (p) =>
    readFileSync(p, "utf8"),
  );
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
