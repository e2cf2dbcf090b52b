/**
 * Reads the VOS CLI outputs behind the DRF and certificate tools: `utils disaster_recovery
 * status backup` / `history backup` and `show cert list own` / `show cert own <unit>`. The
 * layouts are those of public transcripts (docs/serviceability.md); lines that do not parse are
 * kept as raw text rather than guessed at.
 */

/** One row of the DRF backup history. */
export interface DrfHistoryRow {
  tar: string;
  device: string;
  completedOn: string;
  result: string;
  type: string;
  features: string;
}

/** The last backup as `status backup` reports it. */
export interface DrfStatus {
  status: string;
  tar?: string;
  percent?: number;
  /** Components whose line does not say SUCCESS. */
  failedComponents: string[];
}

/** Parses `utils disaster_recovery history backup`. */
export function parseDrfHistory(output: string): DrfHistoryRow[] {
  const rows: DrfHistoryRow[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = /^(\S+\.tar)\s+(\S+)\s+(\w{3} \w{3}\s+\d+ [\d:]+ (?:[A-Z]{2,5} )?\d{4})\s+(\S+)\s+(\S+)\s+(\S+)/.exec(
      line.trim(),
    );
    if (m) {
      rows.push({
        tar: m[1] as string,
        device: m[2] as string,
        completedOn: m[3] as string,
        result: m[4] as string,
        type: m[5] as string,
        features: m[6] as string,
      });
    }
  }
  return rows;
}

/** Parses `utils disaster_recovery status backup`. */
export function parseDrfStatus(output: string): DrfStatus {
  const status = /^Status:\s*(.+)$/m.exec(output)?.[1]?.trim() ?? "unknown";
  const tar = /^Tar Filename:\s*(\S+)/m.exec(output)?.[1];
  const percent = /^Percentage Complete:\s*(\d+)/m.exec(output)?.[1];
  const failedComponents = output
    .split(/\r?\n/)
    .filter((l) => /^\s*[A-Z_]+ \S+ \S+ (ERROR|FAILED|WARNING)\b/.test(l))
    .map((l) => l.trim().split(/\s+/).slice(0, 3).join(" "));
  return {
    status,
    ...(tar ? { tar } : {}),
    ...(percent ? { percent: Number(percent) } : {}),
    failedComponents,
  };
}

/** The certificate units of `show cert list own` (`tomcat/tomcat.pem: …` → `tomcat`). */
export function parseCertList(output: string): Array<{ unit: string; file: string; description: string }> {
  const out = [];
  for (const line of output.split(/\r?\n/)) {
    const m = /^([\w.-]+)\/([\w.-]+\.pem):\s*(.*)$/.exec(line.trim());
    if (m) out.push({ unit: m[1] as string, file: `${m[1]}/${m[2]}`, description: (m[3] as string).trim() });
  }
  return out;
}

/** The end of validity in `show cert own <unit>` (`To: Sat Jan 01 00:00:00 UTC 2029`), or undefined. */
export function parseNotAfter(output: string): Date | undefined {
  const m = /^\s*To:\s*\w{3} (\w{3}) +(\d+) ([\d:]+) (?:([A-Z]{2,5}) )?(\d{4})\s*$/m.exec(output);
  if (!m) return undefined;
  // Time zone names on VOS are abbreviations (UTC, EST, IST…); only UTC/GMT are exact, others
  // are read as UTC, which is at most a day off for an expiry date.
  const d = new Date(`${m[1]} ${m[2]} ${m[5]} ${m[3]} UTC`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
