/**
 * `imp_axl_call` (PRODUCT.md section 9): any AXL operation on an IM&Presence node by name with a
 * JSON payload. RBAC matches the operation against the `imp.axl` allowlist of the profile (the
 * framework does it through `access`). Runs through the CUCM AXL path (src/modules/cucm/axl-run.ts):
 * executeSQLQuery answers that are too large are split, list* operations are paged to a stated
 * cap. When the schema catalogue of the host's AXL version is cached (imp_download_axl_toolkit),
 * every request is validated and put in schema order first; otherwise it is sent as given and the
 * result says so. It can write, so it is annotated destructive.
 */
import { type AnyTool, defineTool } from "../../mcp/tool.ts";
import { AXL_CALL_ANNOTATIONS, axlCallInput, axlCallResult, runAxl } from "../cucm/axl-run.ts";
import { hasCatalogue } from "../cucm/schema-cache.ts";
import type { ImpServicesResolver } from "./services.ts";
import { hostOf, impAxlTarget, impHostField, impUpstream } from "./shared.ts";

const DEFAULT_VERSION = "15.0";

/** The generic IM&P AXL tool. */
export function impAxlCallTool(services: ImpServicesResolver): AnyTool {
  return defineTool({
    name: "imp_axl_call",
    title: "Run an IM&Presence AXL operation",
    description:
      "Runs one AXL operation on an IM&Presence node, e.g. 'executeSQLQuery' with {\"sql\":\"select count(*) from enduser\"} or 'getCCMVersion' with {}. `data` is the operation's request as JSON (element names as keys; repeated elements as arrays). Large executeSQLQuery answers are split and list* operations paged automatically (up to 10,000 items; omit skip/first). With a cached schema (imp_download_axl_toolkit) the payload is checked and ordered before sending; without one it is sent as given. Write operations change the node. Returns the operation's `return` element as JSON.",
    input: axlCallInput(impHostField),
    annotations: AXL_CALL_ANNOTATIONS,
    product: "imp",
    access: (i) => ({ service: "axl", product: "imp", operation: i.operation }),
    bucket: "axl",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const svc = services(ctx.core);
      const version = svc.axl.knownVersion(host) ?? DEFAULT_VERSION;
      const target = { ...impAxlTarget(ctx, svc, host), version };
      const checked = hasCatalogue(svc.axlSchemasDir, version);
      const catalogue = checked ? svc.catalogues.load(svc.axlSchemasDir, version) : undefined;
      const run = await impUpstream("axl", () =>
        runAxl(svc.axl, catalogue, target, input.operation, input.data as Record<string, unknown>, {
          signal: ctx.signal,
          onProgress: (done, total) => void ctx.progress(done, total, `${done} items fetched`).catch(() => undefined),
        }),
      );
      const used = svc.axl.knownVersion(host) ?? version;
      return axlCallResult({
        host,
        operation: input.operation,
        used,
        version,
        checked,
        toolkitTool: "imp_download_axl_toolkit",
        run,
      });
    },
  });
}
