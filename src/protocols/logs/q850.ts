/**
 * Call termination causes as CUCM writes them in a CDR's origCause_value and destCause_value:
 * ITU-T Q.850 cause values (0-127), where 0 means no cause was recorded for that side. CUCM also
 * writes Cisco-specific values above 127 (conference and call-split drops, SIP mappings); the few
 * below are from memory of Cisco's CDR Administration Guide, not read from a source here (see
 * docs/logs-and-traces.md).
 */

/** Q.850 cause values and their standard names (ITU-T Q.850, Table 1). */
const Q850: Readonly<Record<number, string>> = {
  0: "No error",
  1: "Unallocated (unassigned) number",
  2: "No route to specified transit network",
  3: "No route to destination",
  4: "Send special information tone",
  5: "Misdialled trunk prefix",
  6: "Channel unacceptable",
  7: "Call awarded and being delivered in an established channel",
  8: "Preemption",
  9: "Preemption, circuit reserved for reuse",
  16: "Normal call clearing",
  17: "User busy",
  18: "No user responding",
  19: "No answer from user (user alerted)",
  20: "Subscriber absent",
  21: "Call rejected",
  22: "Number changed",
  26: "Non-selected user clearing",
  27: "Destination out of order",
  28: "Invalid number format (address incomplete)",
  29: "Facility rejected",
  30: "Response to STATUS ENQUIRY",
  31: "Normal, unspecified",
  34: "No circuit/channel available",
  38: "Network out of order",
  41: "Temporary failure",
  42: "Switching equipment congestion",
  43: "Access information discarded",
  44: "Requested circuit/channel not available",
  47: "Resource unavailable, unspecified",
  49: "Quality of service not available",
  50: "Requested facility not subscribed",
  57: "Bearer capability not authorized",
  58: "Bearer capability not presently available",
  63: "Service or option not available, unspecified",
  65: "Bearer capability not implemented",
  66: "Channel type not implemented",
  69: "Requested facility not implemented",
  79: "Service or option not implemented, unspecified",
  81: "Invalid call reference value",
  88: "Incompatible destination",
  95: "Invalid message, unspecified",
  96: "Mandatory information element is missing",
  97: "Message type non-existent or not implemented",
  100: "Invalid information element contents",
  102: "Recovery on timer expiry",
  111: "Protocol error, unspecified",
  127: "Interworking, unspecified",
};

/** Cisco-specific values above 127 (from memory, not verified against a node or a document here). */
const CISCO: Readonly<Record<number, string>> = {
  262144: "Conference drop any party / drop last party (Cisco)",
  393216: "Call split (Cisco)",
  458752: "Conference full (Cisco)",
};

/** A decoded cause. */
export interface CallCause {
  code: number;
  meaning: string;
}

/** The meaning of a cause value; null or a value we do not know still gets a readable text. */
export function decodeCause(code: number | null): CallCause {
  if (code === null) return { code: 0, meaning: Q850[0] as string };
  const known = Q850[code] ?? CISCO[code];
  if (known) return { code, meaning: known };
  return { code, meaning: code > 127 ? `Cisco-specific cause ${code}` : `Q.850 cause ${code} (unlisted)` };
}
