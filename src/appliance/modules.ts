/**
 * The composition root of the tool modules: builds each module's narrow dependencies from the
 * running appliance (settings from the product table, protocol clients, one VOS SSH pool per
 * product on the appliance-wide known-hosts store, paths) and calls each module's `create(deps)`.
 * Nothing is built when a module file is imported; tests and benchmarks pass {@link ModuleInjections}
 * to replace side effects.
 */
import type { Logger } from "pino";
import { DEFAULT_DOWNLOAD_LIMITS } from "../clients/downloads.ts";
import { resolveFromRoot } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { ToolModule } from "../mcp/service.ts";
import * as bridge from "../modules/bridge/index.ts";
import * as credentials from "../modules/credentials/index.ts";
import * as cuc from "../modules/cuc/index.ts";
import * as cucm from "../modules/cucm/index.ts";
import * as imp from "../modules/imp/index.ts";
import * as logs from "../modules/logs/index.ts";
import * as report from "../modules/report/index.ts";
import * as serviceability from "../modules/serviceability/index.ts";
import { axlDeps, protocolLogger, type UcInjections, ucDeps } from "../modules/uc/deps.ts";
import { openKnownHosts } from "../modules/uc/known-hosts.ts";
import type { Product } from "../modules/uc/products.ts";
import { productSettings } from "../modules/uc/settings.ts";
import { createCupiClient } from "../protocols/cupi/client.ts";
import { realSleep } from "../protocols/logger.ts";
import { createCdrOnDemandClient } from "../protocols/logs/cdr-on-demand.ts";
import { createDimeClient } from "../protocols/logs/dime.ts";
import { createLogCollectionClient } from "../protocols/logs/log-collection.ts";
import { createRisClient } from "../protocols/ris/client.ts";
import { createRisBudget } from "../protocols/ris/rate-budget.ts";
import { createControlCenterClient } from "../protocols/serviceability/control-center.ts";
import { createPerfmonClient } from "../protocols/serviceability/perfmon.ts";

/** Side effects tests and benchmarks replace (defaults are the real ones). */
export interface ModuleInjections extends UcInjections {
  /** The nodes' "Allowed Device Queries Per Minute" (Cisco default 15). */
  risPerMinute?: number;
  /** Clock and sleep of the RIS budget (benchmarks accelerate them with the lab clock). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Rows asked per CUPI page (tests shrink it to see paging on a small lab). */
  pageRows?: number;
  /** The report module's clock (tests pin report dates). */
  reportClock?: () => Date;
  /** Limits of the downloads area: trace downloads and AXL answer files (tests shrink them to reach the quota). */
  downloadLimits?: { fileBytes: number; quotaBytes: number };
}

/** What the modules are built from: the running appliance's configuration, logger and paths. */
export interface ModuleSources {
  config: Config;
  logger: Logger;
  /** CRYPTO_SECRETS_DIR, resolved (the appliance-wide known_hosts.json lives there). */
  secretsDir: string;
  /** CLIENTS_DIR, resolved. */
  clientsDir: string;
}

/** Every module, in listing order. */
export function createModules(from: ModuleSources, inject: ModuleInjections = {}): ToolModule[] {
  const knownHosts = openKnownHosts(from.secretsDir);
  const resolve = (p: string) => resolveFromRoot(from.config, p);
  // Trace downloads, captures and AXL answers written to files share each client's downloads area.
  const downloads = { clientsDir: from.clientsDir, limits: inject.downloadLimits ?? DEFAULT_DOWNLOAD_LIMITS };
  const env = (product: Product) => ({
    logger: protocolLogger(from.logger, product),
    knownHosts,
    resolve,
    answerFiles: downloads,
  });
  const base = <P extends Product>(product: P) =>
    ucDeps(product, productSettings(from.config, product), env(product), inject);
  const cucmBase = base("cucm");
  const impBase = base("imp");
  const cucBase = base("cuc");
  return [
    bridge.create({ products: [cucmBase, impBase, cucBase], now: Date.now }),
    credentials.create(),
    cucm.create({
      ...cucmBase,
      ...axlDeps(cucmBase, env("cucm"), inject),
      ris: createRisClient({
        fetch: cucmBase.fetch,
        logger: env("cucm").logger,
        budget: createRisBudget({
          perMinute: inject.risPerMinute ?? 15,
          now: inject.now ?? Date.now,
          sleep: inject.sleep ?? realSleep,
        }),
      }),
      risSchemasDir: resolve(cucmBase.settings.risSchemasDir ?? ""),
      clientsDir: from.clientsDir,
    }),
    imp.create({ ...impBase, ...axlDeps(impBase, env("imp"), inject) }),
    cuc.create({
      ...cucBase,
      cupi: createCupiClient({ fetch: cucBase.fetch, sleep: inject.retrySleep ?? realSleep, random: Math.random }),
      pageRows: inject.pageRows ?? cuc.CUPI_PAGE_ROWS,
    }),
    serviceability.create({
      products: [cucmBase, impBase],
      controlCenter: createControlCenterClient(cucmBase.fetch),
      perfmon: createPerfmonClient(cucmBase.fetch),
    }),
    logs.create({
      uc: cucmBase,
      logCollection: createLogCollectionClient(cucmBase.fetch),
      dime: createDimeClient(cucmBase.fetch),
      cdr: createCdrOnDemandClient(cucmBase.fetch),
      clientsDir: downloads.clientsDir,
      limits: downloads.limits,
    }),
    report.create({
      clientsDir: from.clientsDir,
      colors: from.config.REPORT_CHARTS_COLORS as report.ReportDeps["colors"],
      limits: { maxBytes: from.config.REPORT_MAX_SIZE_BYTES, maxReports: from.config.REPORT_MAX_COUNT },
      now: inject.reportClock ?? (() => new Date()),
    }),
  ];
}
