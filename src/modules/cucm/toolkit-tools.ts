/**
 * `cucm_download_axl_toolkit` and `cucm_download_ris_toolkit` (PRODUCT.md section 9, admin only):
 * fetch the AXL SQL Toolkit (`/plugins/axlsqltoolkit.zip`, Cisco "Download the AXL WSDL") or the
 * RisPort70 WSDL (`?wsdl`) from the customer's own node into the schema cache directories, so the
 * catalogue tools and schema-checked AXL calls work. Files are written atomically. The AXL
 * download also serves IM&Presence (`imp_download_axl_toolkit`, into SERVER_IMP_AXL_SCHEMAS_DIR).
 */
import * as v from "valibot";
import type { ApplianceCore } from "../../appliance/startup.ts";
import { writeFileAtomic } from "../../fs/atomic.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import { downloadAxlToolkit } from "../../protocols/axl-schema/toolkit-download.ts";
import type { FetchLike } from "../../protocols/http.ts";
import { downloadRisWsdl } from "../../protocols/ris/wsdl-download.ts";
import type { ProductSettings } from "../../protocols/settings.ts";
import type { FetchTls } from "../../protocols/tls.ts";
import { toToolError } from "../../protocols/tool-errors.ts";
import { type Services, upstream } from "./shared.ts";
import { PRODUCT_LABELS, productHostField } from "./ssh-product.ts";
import { hostOf, productAxlTarget, risTarget } from "./targets.ts";

/** What the AXL toolkit download needs from a product's services. */
export type ToolkitServices = (core: ApplianceCore) => {
  settings: ProductSettings;
  tls: FetchTls;
  fetch: FetchLike;
  axlSchemasDir: string;
};

const write = (path: string, data: Uint8Array) => writeFileAtomic(path, data, { mode: 0o644 });
const annotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true };

/** The AXL toolkit download of `product` (default CUCM). */
export function axlToolkitTool(services: ToolkitServices, product: "cucm" | "imp" = "cucm"): AnyTool {
  return defineTool({
    name: `${product}_download_axl_toolkit`,
    title: "Download the AXL schema from a node",
    description: `Admin: downloads the AXL SQL Toolkit from the ${PRODUCT_LABELS[product]} publisher and caches its schema files per AXL version on the bridge. Afterwards ${product}_list_axl_operations / ${product}_describe_axl_operation work and ${product}_axl_call checks payloads. Run once per cluster version.`,
    input: v.object({ host: productHostField(product) }),
    annotations,
    product,
    restricted: true,
    access: () => ({ service: "product", product }),
    bucket: "axl",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const svc = services(ctx.core);
      const t = productAxlTarget(ctx, svc, product, host);
      const res = await downloadAxlToolkit(
        { fetch: svc.fetch, writeFile: write },
        { ...t, timeoutMs: svc.settings.schemaTimeoutMs ?? t.timeoutMs, schemasDir: svc.axlSchemasDir },
      ).catch((err: unknown) => {
        throw toToolError(err, { product, kind: "axl" });
      });
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

/** The RisPort70 WSDL download. */
export function risToolkitTool(services: Services): AnyTool {
  return defineTool({
    name: "cucm_download_ris_toolkit",
    title: "Download the RisPort70 WSDL from a node",
    description:
      "Admin: downloads the RisPort70 WSDL from the CUCM node and caches it on the bridge (reference for RIS fields; cucm_risport_query works without it).",
    input: v.object({ host: productHostField("cucm") }),
    annotations,
    product: "cucm",
    restricted: true,
    access: () => ({ service: "ris" }),
    bucket: "ris",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const svc = services(ctx.core);
      const t = risTarget(ctx, svc, host);
      const res = await upstream("axl", () =>
        downloadRisWsdl({ fetch: svc.fetch, writeFile: write }, { ...t, schemasDir: svc.risSchemasDir }),
      );
      ctx.audit.event("toolkit.downloaded", { client: ctx.principal.clientName, host, kind: "ris" });
      return toolResult(`Cached the RisPort70 WSDL from ${host} (${res.bytes} bytes)`, { host, ...res });
    },
  });
}
