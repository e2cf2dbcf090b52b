/**
 * The calls of parsed CDR files: one row per end-of-call record (cdrRecordType 1) with the fields
 * an engineer reads first (when, who called whom, how long, how each side ended), the cause values
 * decoded (q850.ts). Field names as CUCM's CDR header has them (docs/logs-and-traces.md).
 */
import type { CdrTable, CdrValue } from "../../protocols/logs/cdr-csv.ts";
import { type CallCause, decodeCause } from "../../protocols/logs/q850.ts";

/** One call. */
export interface CdrCall {
  /** When the call was placed (dateTimeOrigination, UTC). */
  time: string;
  calling: string;
  /** The number it finally reached (finalCalledPartyNumber, else originalCalledPartyNumber). */
  called: string;
  /** Seconds connected; 0 for a call never answered. */
  durationS: number;
  answered: boolean;
  origCause: CallCause;
  destCause: CallCause;
  callId: number | null;
  file: string;
}

const num = (v: CdrValue | undefined): number | null => (typeof v === "number" ? v : null);
const str = (v: CdrValue | undefined): string =>
  typeof v === "string" ? v : v === null || v === undefined ? "" : String(v);

/** The calls of one file, in file order. */
export function callsOfCdrs(table: CdrTable, file: string): CdrCall[] {
  return table.records
    .filter((r) => r["cdrRecordType"] === 1)
    .map((r) => {
      const origination = num(r["dateTimeOrigination"]);
      return {
        time: origination === null ? "" : new Date(origination * 1000).toISOString(),
        calling: str(r["callingPartyNumber"]),
        called: str(r["finalCalledPartyNumber"]) || str(r["originalCalledPartyNumber"]),
        durationS: num(r["duration"]) ?? 0,
        answered: (num(r["dateTimeConnect"]) ?? 0) > 0,
        origCause: decodeCause(num(r["origCause_value"])),
        destCause: decodeCause(num(r["destCause_value"])),
        callId: num(r["globalCallID_callId"]),
        file,
      };
    });
}
