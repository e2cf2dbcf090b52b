/**
 * The lab's answer to `show cert own <unit>` (the certificate's fields, with `Validity From:` /
 * `To:` lines), behind the bridge's certificate tool. The shape follows public transcripts; the
 * values are the lab's: one own certificate (ipsec) expires within two weeks, so health checks
 * have something to find.
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
