/**
 * Disaster Recovery System views of the VOS CLI: `utils disaster_recovery status backup|restore`
 * and `utils disaster_recovery history backup|restore`, laid out after the examples of Cisco's
 * CLI reference for Unified Communications Solutions. The lab always has one successful nightly
 * network backup of every feature of the node's product, the last one at 02:00 UTC today.
 */
import { vosDate } from "./outputs-cluster.ts";
import type { VosContext } from "./outputs-platform.ts";

const FEATURES = {
  cucm: [
    ["CDR_CAR", "CAR"],
    ["CCM", "CCMDB"],
    ["CCM", "TFTP"],
    ["PLT", "PLATFORM"],
  ],
  imp: [
    ["CUP", "CUPDB"],
    ["PLT", "PLATFORM"],
  ],
  cuc: [
    ["CONNECTION", "CONNECTION_DATABASE"],
    ["CONNECTION", "CONNECTION_MESSAGES_UNITYMBXDB1"],
    ["PLT", "PLATFORM"],
  ],
} as const;

function tarName(d: Date): string {
  return `${d.toISOString().slice(0, 10)}-02-00-04.tar`;
}

function lastBackup(ctx: VosContext, daysAgo = 0): Date {
  const now = ctx.now();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 2, 0, 4));
  if (d > now) d.setUTCDate(d.getUTCDate() - 1);
  d.setUTCDate(d.getUTCDate() - daysAgo);
  return d;
}

/** `utils disaster_recovery status backup|restore`. */
export function drfStatus(ctx: VosContext, operation: "backup" | "restore"): string[] {
  if (operation === "restore") return ["Status: SUCCESS :No restore operation has been run on this server.", ""];
  const done = lastBackup(ctx);
  const tar = tarName(done);
  return [
    "Status: SUCCESS :Backup Completed...",
    "",
    `Tar Filename:     ${tar}`,
    "Storage Location: NETWORK",
    "Operation:        backup",
    "Percentage Complete: 100",
    ...FEATURES[ctx.node.product].map(
      ([feature, component], i) =>
        `${feature.padEnd(20)}${ctx.node.name.padEnd(16)}${component.padEnd(34)}SUCCESS    ${vosDate(new Date(done.getTime() + (i + 1) * 47_000))}    activelog/platform/drf/log/${tar.slice(0, -4)}_b_${ctx.node.name}_${feature.toLowerCase()}_${component.toLowerCase()}.log`,
    ),
    "",
  ];
}

/** `utils disaster_recovery history backup|restore`. */
export function drfHistory(ctx: VosContext, operation: "backup" | "restore"): string[] {
  if (operation === "restore") return ["No restore history found.", ""];
  const features = [...new Set(FEATURES[ctx.node.product].map(([f]) => f))].join(",");
  const rows = [0, 1, 2, 3, 4, 5, 6].map((ago) => {
    const d = lastBackup(ctx, ago);
    return `${tarName(d).padEnd(27)}${"NightlyBackup".padEnd(17)}${vosDate(new Date(d.getTime() + 240_000)).padEnd(33)}SUCCESS   SCHEDULED      ${features}`;
  });
  return [
    `${"Tar Filename:".padEnd(27)}${"Backup Device:".padEnd(17)}${"Completed On:".padEnd(33)}Result:   Backup Type:   Features Backed Up:`,
    ...rows,
    "",
  ];
}
