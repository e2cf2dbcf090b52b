/**
 * Cluster views of the VOS admin CLI: `utils dbreplication runtimestate` (10.5–15 layout),
 * `show network cluster`, and Unity Connection's `show cuc cluster status`; shapes after public
 * transcripts. Replication is always healthy
 * in the lab ("(2) Setup Completed").
 */
import type { VosContext } from "./outputs-platform.ts";

function peers(ctx: VosContext) {
  const same = ctx.cluster.filter((n) => n.product === ctx.node.product);
  return same.length > 0 ? same : [ctx.node];
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}`;
}

/** `utils dbreplication runtimestate`. */
export function dbReplicationRuntimeState(ctx: VosContext): string[] {
  const d = ctx.now();
  const nodes = peers(ctx);
  const [major = "15", minor = "0", patch = "1", build = "10000", rest = "1"] = ctx.version
    .replaceAll("-", ".")
    .split(".");
  const rows = nodes.map(
    (n, i) =>
      `${n.name.padEnd(20)}${n.ip.padEnd(16)}${(i === 0 ? "0.018" : "0.241").padEnd(10)}Y/Y/Y     0        (g_${i + 2})          (2) Setup Completed`,
  );
  return [
    "",
    `Server Time: ${d.toUTCString()}`,
    "",
    `Cluster Replication State: Replication status command started at: ${stamp(d)}`,
    "     Replication status command COMPLETED 692 tables checked out of 692",
    "     Last Completed Table: devicenumplanmapremdestmap",
    "     No Errors or Mismatches found.",
    "",
    `     Use 'file view activelog cm/trace/dbl/sdi/ReplicationStatus.${stamp(d).replaceAll("-", "_")}.out' to see the details`,
    "",
    `DB Version: ccm${major}_${minor}_${patch}_${build}_${rest}`,
    "Repltimeout set to: 300s",
    "PROCESS option set to: 1",
    "",
    `Cluster Detailed View from ${ctx.node.name} (${nodes.length} Servers):`,
    "",
    "                                    PING      DB/RPC/   REPL.    Replication    REPLICATION SETUP",
    "SERVER-NAME         IP ADDRESS      (msec)    DbMon?    QUEUE    Group ID       (RTMT) & Details",
    "-----------         ----------      ------    -------   -----    -----------    ------------------",
    ...rows,
    "",
  ];
}

/** `Mon Jul 1 13:44:09 2019`, the date form VOS prints in cluster and DRF views. */
export function vosDate(d: Date): string {
  const [day, mon, date, time, year] = [
    d.toUTCString().slice(0, 3),
    d.toUTCString().slice(8, 11),
    d.getUTCDate(),
    d.toISOString().slice(11, 19),
    d.getUTCFullYear(),
  ];
  return `${day} ${mon} ${date} ${time} ${year}`;
}

/**
 * `show network cluster`, after Cisco TAC's published captures: one line per node of this
 * node's cluster (a Unity Connection node is in its own cluster, never in CUCM's; IM&P nodes
 * are CUCM subscribers whose first node is the IM&P database publisher). Only connections to
 * other nodes carry "using TCP since"; the publisher adds its processnode table.
 */
export function showNetworkCluster(ctx: VosContext): string[] {
  const product = { cucm: "callmanager", imp: "cups", cuc: "cuc" };
  const members = ctx.cluster.filter((n) => (ctx.node.product === "cuc" ? n.product === "cuc" : n.product !== "cuc"));
  const since = vosDate(new Date(ctx.now().getTime() - 6 * 86_400_000));
  const lines = members.map((n) => {
    const imPub = n.product === "imp" && members.find((m) => m.product === "imp") === n;
    const role = n.product === "imp" ? "Subscriber" : n.role === "publisher" ? "Publisher" : "Subscriber";
    const db = (n.product === "imp" ? imPub : n.role === "publisher") ? "DBPub" : "DBSub";
    const link = n.name === ctx.node.name ? "authenticated" : `authenticated using TCP since ${since}`;
    return `${n.ip} ${n.name}.lab.example ${n.name} ${role} ${product[n.product]} ${db} ${link}`;
  });
  if (ctx.node.role !== "publisher" || ctx.node.product === "imp") return [...lines, ""];
  return [
    ...lines,
    "",
    "Server Table (processnode) Entries",
    "----------------------------------",
    ...members.map((n) => n.name),
    "",
  ];
}

/** `show cuc cluster status` (Unity Connection only). */
export function showCucClusterStatus(ctx: VosContext): string[] {
  const nodes = peers(ctx);
  return [
    "Server Name        Member ID  Server State  Internal State       Reason",
    "-----------        ---------  ------------  --------------       ------",
    ...nodes.map(
      (n, i) =>
        `${n.name.padEnd(19)}${String(i).padEnd(11)}${(i === 0 ? "Primary" : "Secondary").padEnd(14)}${(i === 0 ? "Pri Active" : "Sec Active").padEnd(21)}Normal`,
    ),
    "",
  ];
}
