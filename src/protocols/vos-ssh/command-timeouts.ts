/**
 * How long a VOS CLI command may run. `show` commands answer in seconds, but a service restart,
 * a replication check or a trace download can take minutes, so each command family has its own
 * default; the caller may choose a value within VOS_TIMEOUT_LIMITS. The configured
 * SERVER_*_SSH_TIMEOUT stays the floor (and the login timeout).
 */

/** Family defaults in seconds, first match wins (prefixes on word boundaries, lower case). */
const FAMILY_SECONDS: ReadonlyArray<readonly [prefix: string, seconds: number]> = [
  ["utils service list", 60],
  ["utils service", 300],
  ["utils system", 120],
  ["utils dbreplication", 600],
  ["utils core", 600],
  ["utils diagnose", 300],
  ["utils network", 120],
  ["file", 300],
  ["run sql", 120],
  ["show tech", 300],
  ["show perf", 60],
];

/** Bounds of a caller-chosen timeout, in seconds. */
export const VOS_TIMEOUT_LIMITS = { min: 5, max: 1800 } as const;

/** The default timeout of `command` in milliseconds: its family's, never below the configured one. */
export function defaultCommandTimeoutMs(command: string, configuredMs: number): number {
  const cmd = command.trim().toLowerCase();
  const family = FAMILY_SECONDS.find(([prefix]) => cmd === prefix || cmd.startsWith(`${prefix} `));
  return Math.max(configuredMs, (family?.[1] ?? 0) * 1000);
}
