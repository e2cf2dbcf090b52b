/**
 * `<product>_list_credentials` (every profile): which hosts have which kinds of
 * credentials in the caller's vault, with user name and port; never a password.
 */
import * as v from "valibot";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import type { Product } from "../uc/products.ts";

/** The list tool of one product. */
export function credentialListTool(product: Product): AnyTool {
  return defineTool({
    name: `${product}_list_credentials`,
    title: `List stored ${product.toUpperCase()} credentials`,
    description: `Your stored ${product.toUpperCase()} credentials: host, kind, user, port (no passwords).`,
    input: v.object({}),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    product,
    answer: { textIncludesData: true },
    output: v.object({ credentials: v.array(v.unknown()) }),
    async handler(_input, ctx) {
      const items = ctx.vault.list(product);
      const text =
        items.length === 0
          ? `No ${product.toUpperCase()} credentials stored yet.`
          : items
              .map((c) =>
                c.readable
                  ? `${c.host}: ${c.kind} as ${c.username}${c.port === undefined ? "" : ` (port ${c.port})`}`
                  : `${c.host}: ${c.kind} UNREADABLE (changed or copied file; store them again)`,
              )
              .join("\n");
      return toolResult(text, { credentials: items });
    },
  });
}
