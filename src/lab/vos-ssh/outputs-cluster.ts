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

/** `show network cluster`. */
export function showNetworkCluster(ctx: VosContext): string[] {
  const role = { cucm: "callmanager", imp: "cups", cuc: "cuc" };
  return ctx.cluster.map(
    (n) =>
      `${n.ip} ${n.name}.lab.example ${n.name} ${n.role === "publisher" ? "Publisher" : "Subscriber"} ${role[n.product]} ${n.role === "publisher" ? "DBPub" : "DBSub"} authenticated using TCP since ${ctx.now().toUTCString()}`,
  );
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
