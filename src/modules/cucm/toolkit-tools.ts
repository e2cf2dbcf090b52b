/**
 * `cucm_download_axl_toolkit` and `cucm_download_ris_toolkit` (PRODUCT.md section 9, admin only):
 * fetch the AXL SQL Toolkit (`/plugins/axlsqltoolkit.zip`, Cisco "Download the AXL WSDL") or the
 * RisPort70 WSDL (`?wsdl`) from the customer's own node into the schema cache directories, so the
 * catalogue tools and schema-checked AXL calls work. Files are written atomically.
 */
import * as v from "valibot";
import { writeFileAtomic } from "../../fs/atomic.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import { downloadAxlToolkit } from "../../protocols/axl-schema/toolkit-download.ts";
import { downloadRisWsdl } from "../../protocols/ris/wsdl-download.ts";
import { hostField, type Services, upstream } from "./shared.ts";
import { axlTarget, hostOf, risTarget } from "./targets.ts";

const write = (path: string, data: Uint8Array) => writeFileAtomic(path, data, { mode: 0o644 });
const annotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true };

/** The AXL toolkit download. */
export function axlToolkitTool(services: Services): AnyTool {
  return defineTool({
    name: "cucm_download_axl_toolkit",
    title: "Download the AXL schema from a node",
    description:
      "Admin: downloads the AXL SQL Toolkit from the CUCM publisher and caches its schema files per AXL version on the bridge. Afterwards cucm_list_axl_operations / cucm_describe_axl_operation work and cucm_axl_call checks payloads. Run once per cluster version.",
    input: v.object({ host: hostField }),
    annotations,
    product: "cucm",
    restricted: true,
    access: () => ({ service: "product", product: "cucm" }),
    bucket: "axl",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const svc = services(ctx.core);
      const t = axlTarget(ctx, svc, host);
      const res = await upstream("axl", () =>
        downloadAxlToolkit(
          { fetch: svc.fetch, writeFile: write },
          { ...t, timeoutMs: svc.settings.schemaTimeoutMs ?? t.timeoutMs, schemasDir: svc.axlSchemasDir },
        ),
      );
      ctx.audit.event("toolkit.downloaded", {
        client: ctx.principal.clientName,
        host,
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
    input: v.object({ host: hostField }),
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
