/**
 * `<product>_download_axl_toolkit` (admin only) for every product with an AXL interface: fetches
 * the AXL SQL Toolkit (`/plugins/axlsqltoolkit.zip`, Cisco "Download the AXL WSDL") from the
 * customer's own node into the product's AXL schema cache, so the catalogue tools and
 * schema-checked AXL calls work. Files are written atomically.
 */
import * as v from "valibot";
import { writeFileAtomic } from "../../fs/atomic.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import { downloadAxlToolkit } from "../../protocols/axl-schema/toolkit-download.ts";
import type { AxlDeps, UcDeps } from "./deps.ts";
import { axlToolkitToolName, type ProductWith } from "./products.ts";
import { axlTarget, hostField, hostOf } from "./targets.ts";

/** Writes a downloaded schema file atomically, world-readable (it is Cisco's public schema). */
export const writeSchemaFile = (path: string, data: Uint8Array) => writeFileAtomic(path, data, { mode: 0o644 });

/** Annotations of the toolkit downloads: they write only the bridge's own cache. */
export const TOOLKIT_ANNOTATIONS = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

/** The AXL toolkit download of the deps' product. */
export function axlToolkitTool(deps: UcDeps<ProductWith<"axl">> & AxlDeps): AnyTool {
  const product = deps.product;
  return defineTool({
    name: axlToolkitToolName(product),
    title: "Download the AXL schema from a node",
    description: `Admin: caches the node's AXL schema (once per version) for describe, list and payload checks.`,
    input: v.object({ host: hostField(product) }),
    annotations: TOOLKIT_ANNOTATIONS,
    product,
    service: "axl",
    restricted: true,
    access: () => ({ service: "product", product }),
    bucket: "axl",
    host: (i) => i.host,
    answer: { textIncludesData: true },
    output: v.object({ host: v.string(), versions: v.array(v.string()), files: v.number() }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const t = axlTarget(ctx.vault, deps, host);
      const res = await downloadAxlToolkit(
        { fetch: deps.fetch, writeFile: writeSchemaFile },
        { ...t, timeoutMs: deps.settings.schemaTimeoutMs ?? t.timeoutMs, schemasDir: deps.axlSchemasDir },
      );
      ctx.audit.event("toolkit.downloaded", {
        client: ctx.principal.clientName,
        host,
        ...(product === "cucm" ? {} : { product }),
        kind: "axl",
        versions: res.versions,
      });
      return toolResult(`Cached AXL schema versions ${res.versions.join(", ")} from ${host} (${res.files} files)`, {
        host,
        ...res,
      });
    },
  });
}
