/**
 * `utils service list` output per product (VOS admin CLI; shape after
 * public transcripts): the platform block with a space before `[`, then the
 * product's services without one, stopped ones with their reason, and the `Primary Node` line.
 * Subscribers run fewer services than publishers, as on a real cluster.
 */
import type { VosContext } from "./outputs-platform.ts";

type Svc = [name: string, state: "STARTED" | "STOPPED" | "STARTING" | "STOPPING", note?: string];

const PLATFORM: Svc[] = [
  ["System NTP", "STARTED"],
  ["System SSH", "STARTED"],
  ["Cluster Manager", "STARTED"],
  ["Password Reset", "STOPPED", "Service Activated"],
  ["Name Service Cache", "STARTED"],
  ["Service Manager", "STARTED"],
];

const COMMON: Svc[] = [
  ["A Cisco DB", "STARTED"],
  ["A Cisco DB Replicator", "STARTED"],
  ["Cisco Audit Event Service", "STARTED"],
  ["Cisco CDP", "STARTED"],
  ["Cisco CDP Agent", "STARTED"],
  ["Cisco Certificate Change Notification", "STARTED"],
  ["Cisco Certificate Expiry Monitor", "STARTED"],
  ["Cisco DRF Local", "STARTED"],
  ["Cisco Database Layer Monitor", "STARTED"],
  ["Cisco Log Partition Monitoring Tool", "STARTED"],
  ["Cisco RIS Data Collector", "STARTED"],
  ["Cisco Syslog Agent", "STARTED"],
  ["Cisco Tomcat", "STARTED"],
  ["Cisco Tomcat Stats Servlet", "STARTED"],
  ["Cisco Trace Collection Service", "STARTED"],
  ["Cisco Trace Collection Servlet", "STARTED"],
  ["Host Resources Agent", "STARTED"],
  ["MIB2 Agent", "STARTED"],
  ["Platform Administrative Web Service", "STARTED"],
  ["SNMP Master Agent", "STARTED"],
];

const CUCM: Svc[] = [
  ["Cisco AMC Service", "STARTED"],
  ["Cisco AXL Web Service", "STARTED"],
  ["Cisco Bulk Provisioning Service", "STARTED"],
  ["Cisco CAR Scheduler", "STARTED"],
  ["Cisco CAR Web Service", "STARTED"],
  ["Cisco CTIManager", "STARTED"],
  ["Cisco CallManager", "STARTED"],
  ["Cisco CallManager Admin", "STARTED"],
  ["Cisco CallManager Cisco IP Phone Services", "STARTED"],
  ["Cisco CallManager Serviceability", "STARTED"],
  ["Cisco CallManager Serviceability RTMT", "STARTED"],
  ["Cisco Dialed Number Analyzer", "STOPPED", "Service Not Activated"],
  ["Cisco DirSync", "STOPPED", "Service Not Activated"],
  ["Cisco Extension Mobility", "STARTED"],
  ["Cisco Location Bandwidth Manager", "STARTED"],
  ["Cisco RTMT Reporter Servlet", "STARTED"],
  ["Cisco Serviceability Reporter", "STARTED"],
  ["Cisco Tftp", "STARTED"],
  ["Cisco UXL Web Service", "STARTED"],
  ["Cisco User Data Services", "STARTED"],
];

const IMP: Svc[] = [
  ["Cisco AXL Web Service", "STARTED"],
  ["Cisco Client Profile Agent", "STARTED"],
  ["Cisco Config Agent", "STARTED"],
  ["Cisco IM and Presence Admin", "STARTED"],
  ["Cisco Intercluster Sync Agent", "STARTED"],
  ["Cisco Login Datastore", "STARTED"],
  ["Cisco Presence Datastore", "STARTED"],
  ["Cisco Presence Engine", "STARTED"],
  ["Cisco Route Datastore", "STARTED"],
  ["Cisco SIP Proxy", "STARTED"],
  ["Cisco SIP Registration Datastore", "STARTED"],
  ["Cisco Server Recovery Manager", "STARTED"],
  ["Cisco Sync Agent", "STARTED"],
  ["Cisco XCP Authentication Service", "STARTED"],
  ["Cisco XCP Config Manager", "STARTED"],
  ["Cisco XCP Connection Manager", "STARTED"],
  ["Cisco XCP Message Archiver", "STOPPED", "Service Not Activated"],
  ["Cisco XCP Router", "STARTED"],
  ["Cisco XCP Text Conference Manager", "STOPPED", "Service Not Activated"],
];

const CUC: Svc[] = [
  ["Connection Admin CAS", "STARTED"],
  ["Connection Administration", "STARTED"],
  ["Connection Conversation Manager", "STARTED"],
  ["Connection Database Proxy", "STOPPED", "Service Not Activated"],
  ["Connection DirSync", "STARTED"],
  ["Connection File Syncer", "STARTED"],
  ["Connection IMAP Server", "STARTED"],
  ["Connection Mailbox Sync", "STARTED"],
  ["Connection Message Transfer Agent", "STARTED"],
  ["Connection Mixer", "STARTED"],
  ["Connection Notifier", "STARTED"],
  ["Connection REST Service", "STARTED"],
  ["Connection SMTP Server", "STARTED"],
  ["Connection Server Role Manager", "STARTED"],
  ["Connection Serviceability", "STARTED"],
];

/** The services of this node, in display order (platform block excluded). */
export function servicesOf(ctx: VosContext): Svc[] {
  const product = ctx.node.product === "cucm" ? CUCM : ctx.node.product === "imp" ? IMP : CUC;
  const subscriber = ctx.node.role === "subscriber";
  const drfMaster: Svc = subscriber
    ? ["Cisco DRF Master", "STOPPED", "Component is not running"]
    : ["Cisco DRF Master", "STARTED"];
  const list = [...COMMON, drfMaster, ...product].map(
    (s): Svc =>
      subscriber && (s[0] === "Cisco Bulk Provisioning Service" || s[0] === "Cisco CAR Scheduler")
        ? [s[0], "STOPPED", "Service Not Activated"]
        : s,
  );
  return list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The node's services now: the live table when the lab shares one, else the static list. */
export function liveServicesOf(ctx: VosContext): Svc[] {
  if (ctx.services === undefined) return servicesOf(ctx);
  return ctx.services
    .list()
    .map((s): Svc => [s.name, s.status.toUpperCase() as Svc[1], s.reason === "" ? undefined : s.reason]);
}

/** `utils service list`. */
export function utilsServiceList(ctx: VosContext): string[] {
  const line = (s: Svc, space: string) => `${s[0]}${space}[${s[1]}]${s[2] ? `  ${s[2]}` : ""}`;
  return [
    "Requesting service status, please wait...",
    ...PLATFORM.map((s) => line(s, " ")),
    "Service Manager is running",
    "Getting list of all services",
    ">> Return code = 0",
    ...liveServicesOf(ctx).map((s) => line(s, "")),
    `Primary Node =${ctx.node.role === "publisher" ? "true" : "false"}`,
  ];
}
