/**
 * Node roles as the cluster itself states them, for `bridge_list_hosts`: the VOS CLI's
 * `show network cluster` lists every node of the cluster the queried node belongs to, one line
 * each (`<ip> <fqdn> <hostname> Publisher|Subscriber callmanager|cups|cuc DBPub|DBSub …`; CUCM and
 * IM&P lines as in Cisco TAC's published captures, Unity's `cuc` unverified, see docs/cucm.md and
 * docs/lab.md). The command runs with the
 * caller's own OS credential over the product's VOS SSH pool (the trusted host key, as
 * `<product>_os_run_command`), only when the caller's profile would let that tool run it and an SSH
 * rate-limit slot is left. Any failure means "no cluster data": the tool then infers the role.
 */
import { isIP } from "node:net";
import type { ToolContext } from "../../mcp/tool.ts";
import { checkAccess } from "../../rbac/access.ts";
import { toolAllowed } from "../../rbac/tool-rules.ts";
import type { UcDeps } from "../uc/deps.ts";
import { auditHostKeyRefusal } from "../uc/os-command-tool.ts";
import type { Product } from "../uc/products.ts";
import { vosTarget } from "../uc/targets.ts";

/** One node as `show network cluster` lists it (names lower case, as the vault keys hosts). */
export interface ClusterMember {
  ip: string;
  fqdn: string;
  hostname: string;
  product: Product;
  /** The database publisher of its product's cluster (an IM&P node says DBPub while listed as "Subscriber"). */
  publisher: boolean;
}

/** The fixed command; the same text the SSH allowlist of the caller's profile is checked against. */
export const CLUSTER_COMMAND = "show network cluster";

/** The node type column: CUCM, IM&Presence ("cups", its former name), Unity Connection. */
const NODE_TYPES: Readonly<Record<string, Product>> = { callmanager: "cucm", cups: "imp", cuc: "cuc" };

/** Where the publisher's list of processnode names begins: names only, no roles, so not read. */
const PROCESSNODE_HEADING = "server table (processnode)";

/** The members listed in a `show network cluster` output; lines of any other shape are skipped. */
export function parseNetworkCluster(output: string): ClusterMember[] {
  const members: ClusterMember[] = [];
  for (const raw of output.split("\n")) {
    const line = raw.trim();
    if (line.toLowerCase().startsWith(PROCESSNODE_HEADING)) break;
    const [ip, fqdn, hostname, role, type, db] = line.split(" ").filter((t) => t !== "");
    if (ip === undefined || isIP(ip) === 0 || fqdn === undefined || hostname === undefined) continue;
    if (role !== "Publisher" && role !== "Subscriber") continue;
    const product = type === undefined ? undefined : NODE_TYPES[type];
    if (product === undefined) continue;
    // The DB column decides where present: IM&P's first node is a "Subscriber" of CUCM and
    // "DBPub" of its own cluster.
    const publisher = db === "DBPub" || db === "DBSub" ? db === "DBPub" : role === "Publisher";
    members.push({ ip, fqdn: fqdn.toLowerCase(), hostname: hostname.toLowerCase(), product, publisher });
  }
  return members;
}

/** Whether `member` is the node the vault knows as `host` (IP, FQDN or short host name). */
export function isMember(member: ClusterMember, host: string): boolean {
  return member.ip === host || member.fqdn === host || member.hostname === host;
}

/** Reads a cluster's members through one of the caller's nodes. */
export interface ClusterRoleReader {
  /** The members `host` (a node of `product` the caller has an OS credential for) lists, or undefined. */
  read(ctx: ToolContext, product: Product, host: string): Promise<ClusterMember[] | undefined>;
}

/** How long an answer is reused: roles change only when a cluster is rebuilt. */
const ANSWER_TTL_MS = 10 * 60_000;
/** How long a failure is remembered, so an unreachable node does not slow every listing down. */
const FAILURE_TTL_MS = 60_000;

export interface ClusterRoleReaderDeps {
  /** The UC deps (VOS SSH pool, settings) of each product. */
  products: UcDeps[];
  now: () => number;
}

/** The reader, with its per-client, per-host cache. */
export function createClusterRoleReader(deps: ClusterRoleReaderDeps): ClusterRoleReader {
  const byProduct = new Map(deps.products.map((d) => [d.product, d]));
  const cache = new Map<string, { until: number; members: ClusterMember[] | undefined }>();
  const remember = (key: string, members: ClusterMember[] | undefined) => {
    const now = deps.now();
    for (const [k, entry] of cache) if (entry.until <= now) cache.delete(k);
    cache.set(key, { until: now + (members === undefined ? FAILURE_TTL_MS : ANSWER_TTL_MS), members });
    return members;
  };
  return {
    async read(ctx, product, host) {
      const uc = byProduct.get(product);
      if (uc === undefined || !ctx.vault.list(product).some((c) => c.kind === "os" && c.host === host && c.readable))
        return undefined;
      // The same checks dispatch makes before `<product>_os_run_command` runs this command.
      if (!toolAllowed(ctx.profile, `${product}_os_run_command`, false).allowed) return undefined;
      if (!checkAccess(ctx.profile, { service: "ssh", product, command: CLUSTER_COMMAND }).allowed) return undefined;
      const client = ctx.principal.clientName;
      const key = `${client}\n${product}\n${host}`;
      const cached = cache.get(key);
      if (cached !== undefined && cached.until > deps.now()) return cached.members;
      if (!ctx.takeBudget("ssh", product)) return undefined;
      let port = uc.settings.sshPort;
      try {
        const target = vosTarget(ctx.vault, uc, host);
        port = target.port;
        const members = parseNetworkCluster((await uc.ssh.run(target, CLUSTER_COMMAND)).output);
        ctx.audit.event("cluster.read", { client, host, product, outcome: members.length > 0 ? "ok" : "unparsed" });
        return remember(key, members.length > 0 ? members : undefined);
      } catch (err) {
        auditHostKeyRefusal(ctx, err, host, port);
        const reason = err instanceof Error && "code" in err ? String(err.code) : "error";
        ctx.audit.event("cluster.read", { client, host, product, outcome: reason });
        ctx.logger.info({ host, product, reason }, "cluster roles not read; the role is inferred");
        return remember(key, undefined);
      }
    },
  };
}
