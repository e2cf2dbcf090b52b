/**
 * Audit lines written by administrative commands (token revoke, credentials): the same
 * audit.log the server writes, opened for the few events of one command and closed again.
 */
import { appliancePaths } from "../appliance/paths.ts";
import type { Config } from "../config/schema.ts";
import { createLoggers } from "../logging/logger.ts";

/** Appends `events` (type, fields) to the appliance's audit.log. */
export function auditFromCli(config: Config, events: ReadonlyArray<[type: string, fields: Record<string, unknown>]>) {
  const loggers = createLoggers({
    dir: appliancePaths(config).logsDir,
    level: config.LOGGING_LEVEL,
    rotateBytes: config.LOGGING_ROTATE_SIZE,
    rotateFiles: config.LOGGING_ROTATE_FILES,
    console: false,
  });
  try {
    for (const [type, fields] of events) loggers.audit.event(type, fields);
  } finally {
    loggers.close();
  }
}
