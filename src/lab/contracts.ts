/**
 * The contracts between the lab's parts: the cluster core (SQLite database, AXL, knobs,
 * orchestration) and the services it hosts (RisPort70, VOS SSH, phones, CUPI). Each side
 * depends only on these types.
 */

/** Products a lab node can run. */
export type LabProduct = "cucm" | "imp" | "cuc";

/** One node of the lab cluster. */
export interface LabNode {
  /** Host name, e.g. `cucm-pub`. */
  name: string;
  product: LabProduct;
  role: "publisher" | "subscriber";
  /** Loopback IPv4 address the node listens on, e.g. `127.10.0.11`. */
  ip: string;
  httpsPort: number;
  sshPort: number;
}

/** Registration status as RisPort70 reports it. */
export type RisStatus = "Registered" | "UnRegistered" | "Rejected" | "PartiallyRegistered" | "Unknown";

/** One device as the RisPort70 simulator sees it (one entry per node it appeared on). */
export interface RisDevice {
  name: string;
  /** IPv4 address (phones: the loopback IP their web server listens on). */
  ip: string;
  /** Device class: Phone, Gateway, H323, Cti, VoiceMail, MediaResources, HuntList, SIPTrunk. */
  deviceClass: string;
  /** typemodel enum, e.g. 36224 for Cisco 8845 (RIS `Model`). */
  model: number;
  /** Product name, e.g. `Cisco 8845`. */
  product: string;
  protocol: "SIP" | "SCCP" | "Unknown";
  description: string;
  /** Directory numbers on the device, e.g. `1001-Registered`. */
  dirNumbers: string[];
  /** Node (CUCM server name) it is registered to. */
  node: string;
  status: RisStatus;
  /** RIS StatusReason code (0 = none). */
  statusReason: number;
  /** Unix seconds of the last state change. */
  timestamp: number;
  loginUserId: string;
  activeLoadId: string;
  /** Phone web server port (the lab may not use port 80/443 on loopback). */
  webPort?: number;
}

/** The knobs tests and demos turn at run time (see knobs.ts for the store). */
export interface LabKnobValues {
  /** Extra delay before every answer, in ms. */
  latencyMs: number;
  /** AXL write-queue depth; above 1500 writes get HTTP 503. */
  axlWriteQueueDepth: number;
  /** Answer the next N AXL requests with HTTP 503. */
  axl503Count: number;
  /** Answer the next N AXL requests with "Maximum AXL Memory Allocation Consumed". */
  axlMemoryFaultCount: number;
  /** Reset (destroy) the next N connections without an answer. */
  resetCount: number;
  /** Answer the next N AXL/RIS requests with malformed XML. */
  malformedCount: number;
  /** Pad the next N responses to this many bytes (huge responses). */
  hugeResponseBytes: number;
  hugeResponseCount: number;
  /** RisPort70 requests allowed per minute per node (Cisco default 15). */
  risPerMinute: number;
  /** Multiplier of the lab clock for RIS rate windows (benchmarks accelerate time). */
  clockSpeed: number;
  /** Supported AXL versions (HTTP 599 lists these). */
  axlVersions: string[];
  /** Wording of the -1 too-large fault: "Suggestive Row Fetch" or Cisco's other "Suggested row fetch". */
  axlTooLargeWording: "suggestive" | "suggested";
  /** executeSQLQuery answers with more rows than this lose their connection mid-answer (12.5; 0 = never). */
  axlSqlDisconnectRows: number;
  /** The next N AXL requests that carry only a session cookie get HTTP 401. */
  axlSession401Count: number;
  /** Most devices (or CTI items) one RisPort70 reply carries, whatever MaxReturnedDevices asks (2000 on 12.5+). */
  risMaxPerReply: number;
  /** "pages": StateInfo continues a long answer; "ignored": every reply is the first page (TotalDevicesFound still counts all). */
  risStateInfoPaging: "pages" | "ignored";
  /** "match": selectCmDeviceExt takes `*` like selectCmDevice; "refuse": a `*` in its SelectItems gets a Client fault. */
  risExtWildcards: "match" | "refuse";
  /** HTTP status `/plugins/axlsqltoolkit.zip` answers instead of the zip (0 = serve it). */
  toolkitRefusedStatus: number;
  /** Time from the SSH shell opening to the VOS welcome and `admin:` prompt, in ms (real nodes: 5-8 s). */
  vosLoginDelayMs: number;
}

/** Read access to the knobs (services consume one-shot counters through `take`). */
export interface LabKnobs {
  get(): Readonly<LabKnobValues>;
  /** Consumes one unit of a one-shot counter; true when the fault applies to this request. */
  take(
    counter:
      | "axl503Count"
      | "axlMemoryFaultCount"
      | "resetCount"
      | "malformedCount"
      | "hugeResponseCount"
      | "axlSession401Count",
  ): boolean;
  set(patch: Partial<LabKnobValues>): void;
}

/** Where RIS and phones read device state from (backed by the lab database). */
export interface LabDeviceSource {
  /** Every device known to RIS, one entry per node it registered on (duplicates after failover). */
  risDevices(): RisDevice[];
  /** CTI items for selectCtiItem. */
  ctiItems?(): Array<{ name: string; node: string; status: RisStatus; timestamp: number }>;
}

/** Credentials the lab accepts (printed in the summary and lab.json). */
export interface LabCredentials {
  axl: { username: string; password: string };
  os: { username: string; password: string };
  phone: { username: string; password: string };
  cupi: { username: string; password: string };
}
