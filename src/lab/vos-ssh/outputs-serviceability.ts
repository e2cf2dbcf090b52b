/**
 * The lab's answers to the VOS commands behind the bridge's DRF and certificate tools:
 * `show cert own <unit>` (the certificate's fields, with `Validity From:` / `To:` lines) and
 * `utils disaster_recovery status backup` / `history backup` (DRF master on the CUCM
 * publisher). Shapes follow public transcripts of these commands; the values are the lab's:
 * one own certificate (ipsec) expires within two weeks, and the DRF history holds one failed
 * backup among successful ones, so health checks have something to find.
 */
import { CERT_UNITS, type VosContext } from "./outputs-platform.ts";

const DAY = 86_400_000;

/** The VOS date format, e.g. `Mon Jan 15 02:00:03 UTC 2024`. */
function vosDate(d: Date): string {
  const [wd, day, mon, year, time] = d.toUTCString().replace(",", "").split(" ") as string[];
  return `${wd} ${mon} ${day} ${time} UTC ${year}`;
}

/** How many days from now each unit's certificate expires. */
function daysLeft(unit: string): number {
  if (unit === "ipsec") return 12;
  if (unit === "ITLRecovery") return 3000;
  return 700 + unit.length * 11;
}

/** `show cert own <unit>`; an unknown unit gets the CLI's refusal. */
export function showCertOwn(ctx: VosContext, unit: string): string[] | undefined {
  const name = unit.replace(/\/.*$/, "");
  const known = CERT_UNITS[ctx.node.product].find((u) => u.toLowerCase() === name.toLowerCase());
  if (known === undefined) return undefined;
  const now = ctx.now().getTime();
  const to = new Date(now + daysLeft(known) * DAY);
  const from = new Date(to.getTime() - 5 * 365 * DAY);
  const selfSigned = known === "ipsec" || known === "ITLRecovery";
  const issuer = selfSigned ? `CN=${ctx.node.name}, OU=UC, O=Lab, C=US` : "CN=lab-root-ca, O=Lab, C=US";
  return [
    "[",
    "  Version: V3",
    `  Serial Number: ${(known.length * 7919 + 104_729).toString(16).toUpperCase()}`,
    "  SignatureAlgorithm: SHA256withRSA (1.2.840.113549.1.1.11)",
    `  Issuer Name: ${issuer}`,
    `  Validity From: ${vosDate(from)}`,
    `           To:   ${vosDate(to)}`,
    `  Subject Name: CN=${ctx.node.name}.lab.local, OU=UC, O=Lab, C=US`,
    known.endsWith("ECDSA") ? "  Key: EC (1.2.840.10045.2.1)" : "  Key: RSA (1.2.840.113549.1.1.1)",
    "]",
    "",
  ];
}

/** The lab's backup history, newest last: a nightly schedule with one failure three days ago. */
function history(ctx: VosContext): Array<{ tar: string; at: Date; result: "SUCCESS" | "ERROR" }> {
  const today = new Date(ctx.now().getTime());
  today.setUTCHours(2, 0, 0, 0);
  return [7, 6, 5, 4, 3, 2, 1].map((back) => {
    const at = new Date(today.getTime() - back * DAY);
    const iso = at.toISOString().slice(0, 19).replace("T", "-").replaceAll(":", "-");
    return { tar: `${iso}.tar`, at, result: back === 3 ? "ERROR" : "SUCCESS" };
  });
}

/** `utils disaster_recovery history backup` (publisher only; elsewhere the DRF master is absent). */
export function drfHistory(ctx: VosContext): string[] {
  if (ctx.node.product !== "cucm" || ctx.node.role !== "publisher")
    return ["", "drfCliMsg: DRF Master is not running on this node. Run the command on the publisher.", ""];
  return [
    "",
    "Tar Filename:              Backup Device:   Completed On:                   Result:   Backup Type:  Features Backed Up:",
    ...history(ctx).map(
      (h) =>
        `${h.tar.padEnd(27)}${"NETWORK".padEnd(17)}${vosDate(new Date(h.at.getTime() + 4 * 60_000)).padEnd(32)}${h.result.padEnd(10)}${"SCHEDULED".padEnd(14)}CDR_CAR,UCM,PLATFORM`,
    ),
    "",
  ];
}

/** `utils disaster_recovery status backup`: the last backup's per-component status. */
export function drfStatus(ctx: VosContext): string[] {
  if (ctx.node.product !== "cucm" || ctx.node.role !== "publisher")
    return ["", "drfCliMsg: DRF Master is not running on this node. Run the command on the publisher.", ""];
  const last = history(ctx).at(-1);
  if (!last) return ["", "Status: No backup performed yet", ""];
  const at = vosDate(new Date(last.at.getTime() + 60_000));
  const base = last.tar.replace(/\.tar$/, "");
  const components = [
    ["PLATFORM", ctx.node.name, "CONFIG_FILES", "platform_config_files"],
    ["UCM", ctx.node.name, "CCMDB", "ucm_ccmdb"],
    ["UCM", ctx.node.name, "TFTP", "ucm_tftp"],
    ["CDR_CAR", ctx.node.name, "CAR", "cdr_car_car"],
  ];
  return [
    "",
    `Status: ${last.result} :Backup Completed...`,
    "",
    `Tar Filename:         ${last.tar}`,
    "Storage Location:     NETWORK",
    "Operation:            backup",
    "Percentage Complete:  100",
    ...components.map(
      ([feature, node, component, log]) =>
        `${feature} ${node} ${component} SUCCESS ${at} activelog/platform/drf/log/${base}_b_${node}_${log}.log`,
    ),
    "",
  ];
}
