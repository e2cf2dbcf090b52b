/**
 * Platform `show` command output of the VOS admin CLI (CUCM, IM&P and Unity Connection share
 * it), written after public transcripts:
 * `show version active|inactive`, `show status`, `show network eth0`, `show hardware`,
 * `show cert list own|trust`. Values are plausible, not captured.
 */
import type { LabNode } from "../contracts.ts";
import type { LabCaptures } from "../logs/captures.ts";
import type { TraceSettings } from "./trace-settings.ts";

/** What the output generators know about the node. */
export interface VosContext {
  node: LabNode;
  version: string;
  /** Other nodes of the cluster (for cluster views); may be just this node. */
  cluster: LabNode[];
  now: () => Date;
  /** Where `utils network capture … file` writes (CUCM nodes of the lab). */
  captures?: LabCaptures;
  /**
   * This node's live service states, shared with the lab's Control Center API, so a restart
   * through either shows in both (absent: the static list of outputs-services.ts).
   */
  services?: NodeServiceView;
  /** This node's trace settings for `show trace` / `set trace` (absent: those commands fail). */
  traces?: TraceSettings;
}

/** One node's service table as the VOS CLI reads and changes it. */
export interface NodeServiceView {
  list(): Array<{ name: string; status: string; reason: string }>;
  control(action: "Start" | "Stop" | "Restart", names: string[]): void;
}

const PRODUCT_LABEL = {
  cucm: "Cisco Unified Communications Manager",
  imp: "Cisco IM and Presence",
  cuc: "Cisco Unity Connection",
};

/** `show version active` / `show version inactive`. */
export function showVersion(ctx: VosContext, which: "active" | "inactive"): string[] {
  if (which === "inactive")
    return [
      "Inactive Master Version: 0.0.0.0-0",
      "Inactive Version Installed Software Options:",
      "No Installed Software Options Found.",
    ];
  const options =
    ctx.node.product === "cucm" ? ["cmterm-devicepack15.0.1.12345-1.cop", "ciscocm.enable-sha1-certs.k4.cop"] : [];
  return [
    `Active Master Version: ${ctx.version}`,
    "Active Version Installed Software Options:",
    ...(options.length > 0 ? options : ["No Installed Software Options Found."]),
  ];
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}

/** `show status`. */
export function showStatus(ctx: VosContext): string[] {
  const d = ctx.now();
  const day = d.toLocaleString("en-US", { weekday: "short", timeZone: "UTC" });
  const month = d.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return [
    "",
    `Host Name          : ${ctx.node.name}`,
    `Date               : ${day} ${month} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${time}`,
    "Time Zone          : Coordinated Universal Time (Etc/UTC)",
    "Locale             : en_US.UTF-8",
    `Product Ver        : ${ctx.version}`,
    `Unified OS Version : ${ctx.version.split(".").slice(0, 2).join(".")}.0.0-1`,
    "",
    "Uptime:",
    ` ${time} up 41 days,  3:12,  1 user,  load average: 0.32, 0.27, 0.25`,
    "",
    "CPU Idle:   91.20%  System:   03.10%    User:   05.45%",
    "  IOWAIT:   00.25%     IRQ:   00.00%    Soft:   00.00%",
    "",
    "Memory Total:        8009748K",
    "        Free:         243116K",
    "        Used:        7766632K",
    "      Cached:        3121900K",
    "      Shared:         431020K",
    "     Buffers:         306552K",
    "",
    "                        Total            Free            Used",
    "Disk/active         25102692K        9702840K       15142560K (61%)",
    "Disk/inactive       25102692K       23754396K          56936K (1%)",
    "Disk/logging        69000124K       47011952K       18481172K (29%)",
    "",
  ];
}

/** `show network eth0` (the lab reports the node's loopback address). */
export function showNetworkEth0(ctx: VosContext): string[] {
  const ip = ctx.node.ip.padEnd(18);
  return [
    "Ethernet 0",
    "DHCP         : disabled           Status     : up",
    `IP Address   : ${ip} IP Mask    : 255.000.000.000`,
    "Link Detected: yes                Mode       : Auto disabled, Full, 10000 Mbits/s",
    "Duplicate IP : no",
    "",
    "DNS",
    "Primary      : 127.0.0.53         Secondary  : Not Configured",
    "Options      : timeout:5 attempts:2",
    "Domain       : lab.example",
    "Gateway      : 127.0.0.1 on Ethernet 0",
    "",
  ];
}

/** `show hardware`. */
export function showHardware(ctx: VosContext): string[] {
  return [
    "HW Platform       : VMware Virtual Machine",
    "Processors        : 2",
    "Type              : Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz",
    "CPU Speed         : 2500",
    "Memory            : 8192 MBytes",
    "Object ID         : 1.3.6.1.4.1.9.1.1348",
    `OS Version        : UCOS ${ctx.version.split(".").slice(0, 2).join(".")}.0.0-1.x86_64`,
    `Serial Number     : VMware-42 1a ${ctx.node.ip
      .split(".")
      .map((o) => Number(o).toString(16).padStart(2, "0"))
      .join(" ")} 9c 77-5e 2d`,
    "",
    "RAID Version      :",
    "No RAID controller information is available",
    "",
    "BIOS Information  :",
    "PhoenixTechnologiesLTD 6.00 12/12/2018",
    "",
    "RAID Details      :",
    "No RAID information is available",
    "",
    "---------------------------------------------------------------------",
    "Physical device information",
    "---------------------------------------------------------------------",
    "Number of Disks   : 1",
    "Hard Disk #1",
    "Size (in GB)      : 110",
    "Partition Details :",
    "",
    `Product           : ${PRODUCT_LABEL[ctx.node.product]}`,
    "",
  ];
}

export const CERT_UNITS = {
  cucm: ["tomcat", "tomcat-ECDSA", "ipsec", "CallManager", "CallManager-ECDSA", "CAPF", "TVS", "ITLRecovery"],
  imp: ["tomcat", "tomcat-ECDSA", "ipsec", "cup", "cup-ECDSA", "cup-xmpp", "cup-xmpp-ECDSA", "cup-xmpp-s2s"],
  cuc: ["tomcat", "tomcat-ECDSA", "ipsec", "Connection-SRTP"],
};

/** `show cert list own` / `show cert list trust`. */
export function showCertList(ctx: VosContext, which: "own" | "trust"): string[] {
  const units = CERT_UNITS[ctx.node.product];
  if (which === "trust") {
    return units.flatMap((u) => [`${u}-trust/${ctx.node.name}.pem: Trust Certificate`]).concat([""]);
  }
  return units
    .map((u) =>
      u === "ipsec" || u === "ITLRecovery"
        ? `${u}/${u}.pem: Self-signed certificate generated by system`
        : `${u}/${u}.pem: Certificate Signed by lab-root-ca`,
    )
    .concat([""]);
}
