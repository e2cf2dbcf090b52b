/**
 * `bridge_list_hosts` (every profile): the nodes the caller can reach, from its own vault, one
 * line per product and host with the node's role and the credential kinds stored, so an agent
 * finds its hosts in one call instead of one `*_list_credentials` call per product.
 */
import * as v from "valibot";
import { defineTool, toolResult } from "../../mcp/tool.ts";
import { PRODUCTS, type Product } from "../uc/products.ts";

/** One reachable node. */
interface HostLine {
  host: string;
  product: Product;
  /** What the node is to the bridge: the CUCM publisher (AXL, RIS), a CUCM node, IM&P, Unity. */
  role: string;
  kinds: string[];
  users: string[];
}

/** The role a host plays, from what is stored for it: AXL goes to a CUCM cluster's publisher. */
function roleOf(product: Product, kinds: string[]): string {
  if (product === "cucm") return kinds.includes("axl") ? "CUCM publisher" : "CUCM node";
  if (product === "imp") return "IM&P node";
  return "Unity Connection publisher";
}

/** The tool. */
export const hostsTool = defineTool({
  name: "bridge_list_hosts",
  title: "My hosts",
  description: "Your reachable nodes: host, product, role (CUCM publisher or node, IM&P, Unity) and credential kinds.",
  input: v.object({}),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  answer: { textIncludesData: true },
  output: v.object({ hosts: v.array(v.unknown()) }),
  async handler(_input, ctx) {
    const lines = new Map<string, HostLine>();
    for (const c of ctx.vault.list()) {
      if (!(c.product in PRODUCTS) || !c.readable) continue;
      const product = c.product as Product;
      const key = `${product}\n${c.host}`;
      const line = lines.get(key) ?? { host: c.host, product, role: "", kinds: [], users: [] };
      line.kinds.push(c.kind);
      if (!line.users.includes(c.username)) line.users.push(c.username);
      lines.set(key, line);
    }
    const hosts = [...lines.values()].map((l) => ({ ...l, role: roleOf(l.product, l.kinds) }));
    const text =
      hosts.length === 0
        ? "No hosts yet: an administrator stores credentials with `ai-bridge credentials set --client <you> …` (or, where your profile allows, the *_store_credentials tools)."
        : hosts.map((h) => `${h.host}: ${h.role} (${h.product}); credentials ${h.kinds.join(", ")}`).join("\n");
    return toolResult(text, { hosts });
  },
});
