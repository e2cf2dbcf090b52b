/**
 * `bridge_list_hosts` (every profile): the nodes the caller can reach, from its own vault, one
 * line per product and host with the node's role and the credential kinds stored, so an agent
 * finds its hosts in one call instead of one `*_list_credentials` call per product. The role is
 * the cluster's own word (`show network cluster`, cluster-roles.ts) where the caller's OS
 * credential and profile allow reading it, and otherwise inferred from the kinds stored.
 */
import * as v from "valibot";
import { type AnyTool, defineTool, type ToolContext, toolResult } from "../../mcp/tool.ts";
import { PRODUCT_NAMES, PRODUCTS, type Product } from "../uc/products.ts";
import { type ClusterMember, type ClusterRoleReader, isMember } from "./cluster-roles.ts";

/** One reachable node. */
interface HostLine {
  host: string;
  product: Product;
  /** What the node is: publisher or subscriber of its product's cluster. */
  role: string;
  /** Whether the cluster said so or the role was inferred from the credential kinds. */
  role_from: "cluster" | "inferred";
  kinds: string[];
  users: string[];
}

/** Product names as roles are written ("IM&P publisher"). */
const ROLE_LABEL: Readonly<Record<Product, string>> = { cucm: "CUCM", imp: "IM&P", cuc: "Unity Connection" };

/** The role a host plays, from what is stored for it: AXL goes to a CUCM cluster's publisher. */
function inferredRole(product: Product, kinds: string[]): string {
  if (product === "cucm") return kinds.includes("axl") ? "CUCM publisher" : "CUCM node";
  if (product === "imp") return "IM&P node";
  return "Unity Connection publisher";
}

function clusterRole(m: ClusterMember): string {
  return `${ROLE_LABEL[m.product]} ${m.publisher ? "publisher" : "subscriber"}`;
}

/**
 * The members of every cluster the caller reaches: one node per cluster is asked (any node lists
 * the whole cluster, CUCM's also its IM&P nodes), nodes with AXL credentials (usually publishers)
 * first, and a node already listed by an earlier answer is not asked again.
 */
async function clusterMembers(ctx: ToolContext, reader: ClusterRoleReader, lines: HostLine[]) {
  const members: ClusterMember[] = [];
  const withOs = lines
    .filter((l) => l.kinds.includes("os"))
    .sort((a, b) => Number(b.kinds.includes("axl")) - Number(a.kinds.includes("axl")));
  for (const product of PRODUCT_NAMES)
    for (const line of withOs.filter((l) => l.product === product)) {
      if (members.some((m) => m.product === product && isMember(m, line.host))) continue;
      // The reader maps its own failures to undefined; the catch keeps any other from failing the listing.
      for (const m of (await reader.read(ctx, product, line.host).catch(() => undefined)) ?? [])
        if (!members.some((k) => k.product === m.product && k.ip === m.ip)) members.push(m);
    }
  return members;
}

/** The tool, reading roles through `reader`. */
export function hostsTool(reader: ClusterRoleReader): AnyTool {
  return defineTool({
    name: "bridge_list_hosts",
    title: "My hosts",
    description:
      "Your reachable nodes: host, product, credential kinds and role (publisher/subscriber, from the cluster where it can be read).",
    input: v.object({}),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    answer: { textIncludesData: true },
    output: v.object({ hosts: v.array(v.unknown()), other_members: v.optional(v.array(v.unknown())) }),
    async handler(_input, ctx) {
      const lines = new Map<string, HostLine>();
      for (const c of ctx.vault.list()) {
        if (!(c.product in PRODUCTS) || !c.readable) continue;
        const product = c.product as Product;
        const key = `${product}\n${c.host}`;
        const line = lines.get(key) ?? { host: c.host, product, role: "", role_from: "inferred", kinds: [], users: [] };
        line.kinds.push(c.kind);
        if (!line.users.includes(c.username)) line.users.push(c.username);
        lines.set(key, line);
      }
      const members = await clusterMembers(ctx, reader, [...lines.values()]);
      const hosts = [...lines.values()].map((l): HostLine => {
        const m = members.find((k) => k.product === l.product && isMember(k, l.host));
        return m === undefined
          ? { ...l, role: inferredRole(l.product, l.kinds), role_from: "inferred" }
          : { ...l, role: clusterRole(m), role_from: "cluster" };
      });
      const others = members
        .filter((m) => !hosts.some((h) => h.product === m.product && isMember(m, h.host)))
        .map((m) => ({ host: m.hostname, ip: m.ip, product: m.product, role: clusterRole(m) }));
      if (hosts.length === 0)
        return toolResult(
          "No hosts yet: an administrator stores credentials with `ai-bridge credentials set --client <you> …` (or, where your profile allows, the *_store_credentials tools).",
          { hosts },
        );
      const text = hosts.map(
        (h) =>
          `${h.host}: ${h.role}${h.role_from === "inferred" ? " (inferred)" : ""} (${h.product}); credentials ${h.kinds.join(", ")}`,
      );
      if (others.length > 0)
        text.push(
          `Also in the cluster, no credentials of yours: ${others.map((o) => `${o.host} ${o.ip} (${o.role})`).join(", ")}`,
        );
      return toolResult(text.join("\n"), { hosts, ...(others.length > 0 ? { other_members: others } : {}) });
    },
  });
}
