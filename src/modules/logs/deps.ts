/**
 * What the logs module is built with: CUCM's UC deps, the Log Collection and DIME clients, the
 * clients folder (downloads live in each client's own area) and the download limits.
 */
import type { DimeClient } from "../../protocols/logs/dime.ts";
import type { LogCollectionClient } from "../../protocols/logs/log-collection.ts";
import type { UcDeps } from "../uc/deps.ts";

/** Size limits of downloads. */
export interface DownloadLimits {
  /** Largest single file fetched. */
  fileBytes: number;
  /** Everything one client keeps in its downloads folder. */
  quotaBytes: number;
}

/** The module's dependencies. */
export interface LogsDeps {
  uc: UcDeps<"cucm">;
  logCollection: LogCollectionClient;
  dime: DimeClient;
  clientsDir: string;
  limits: DownloadLimits;
}

/** 50 MB per file and 500 MB per client: a busy hour of CallManager SDL traces fits. */
export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = { fileBytes: 50 * 1024 * 1024, quotaBytes: 500 * 1024 * 1024 };
