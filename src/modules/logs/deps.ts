/**
 * What the logs module is built with: CUCM's UC deps, the Log Collection, DIME and CDR on Demand clients, the
 * clients folder (downloads live in each client's own area) and the download limits.
 */
import type { DownloadLimits } from "../../clients/downloads.ts";
import type { CdrOnDemandClient } from "../../protocols/logs/cdr-on-demand.ts";
import type { DimeClient } from "../../protocols/logs/dime.ts";
import type { LogCollectionClient } from "../../protocols/logs/log-collection.ts";
import type { UcDeps } from "../uc/deps.ts";

/** The module's dependencies. */
export interface LogsDeps {
  uc: UcDeps<"cucm">;
  logCollection: LogCollectionClient;
  dime: DimeClient;
  cdr: CdrOnDemandClient;
  clientsDir: string;
  limits: DownloadLimits;
}
