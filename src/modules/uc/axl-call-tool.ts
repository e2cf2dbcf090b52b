/**
 * `<product>_axl_call` for every product with an AXL interface: any AXL operation by name with a
 * JSON payload. RBAC matches the operation name against the product's AXL allowlist in the
 * profile (done by the framework through `access`). When the schema catalogue of the host's AXL
 * version is cached, the payload is validated and put in schema order first (every issue
 * reported at once). A write with nothing cached fetches the node's own schema first
 * (schema-for-write.ts) and is never sent unordered; a read is sent as given, and the result
 * says so. SQL answers that are
 * too large are split and `list*` operations are paged (axl-run.ts). It can write, so it is
 * annotated destructive.
 */
import { axlAction } from "../../mcp/action.ts";
import { type AnyTool, defineTool } from "../../mcp/tool.ts";
import { AXL_CALL_ANNOTATIONS, AXL_CALL_OUTPUT, axlCallInput, axlCallResult, axlPaging, runAxl } from "./axl-run.ts";
import type { AxlDeps, UcDeps } from "./deps.ts";
import { axlToolkitToolName, type ProductWith } from "./products.ts";
import { hasCatalogue } from "./schema-cache.ts";
import { isReadOperation, needsOrdering, schemaForWrite } from "./schema-for-write.ts";
import { axlTarget, hostField, hostOf } from "./targets.ts";

/** The version asked for before the node has told us its own. */
const DEFAULT_VERSION = "15.0";

/** The generic AXL tool of the deps' product; `description` is written for that product. */
export function axlCallTool(
  deps: UcDeps<ProductWith<"axl">> & AxlDeps,
  text: { title: string; description: string },
): AnyTool {
  const product = deps.product;
  return defineTool({
    name: `${product}_axl_call`,
    title: text.title,
    description: text.description,
    input: axlCallInput(hostField(product)),
    annotations: AXL_CALL_ANNOTATIONS,
    product,
    service: "axl",
    access: (i) => ({ service: "axl", product, operation: i.operation }),
    bucket: "axl",
    host: (i) => i.host,
    action: (i) => axlAction(i.operation, i.data as Record<string, unknown>),
    answer: (i) => axlPaging(i.operation),
    output: AXL_CALL_OUTPUT,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      // RBAC matched the NFKC form of the name; send exactly that form, never the raw one.
      const operation = input.operation.normalize("NFKC");
      const known = deps.axl.knownVersion(host);
      let version = known ?? DEFAULT_VERSION;
      const base = axlTarget(ctx.vault, deps, host);
      let checked = hasCatalogue(deps.axlSchemasDir, version);
      let catalogue = checked ? deps.catalogues.load(deps.axlSchemasDir, version) : undefined;
      let fetched: string[] | undefined;
      if (!checked && !isReadOperation(operation) && needsOrdering(input.data)) {
        ({ version, catalogue, fetched } = await schemaForWrite(deps, ctx, base, known));
        checked = true;
      }
      const target = { ...base, version };
      const run = await runAxl(deps.axl, catalogue, target, operation, input.data as Record<string, unknown>, {
        signal: ctx.signal,
        onProgress: (done, total) => void ctx.progress(done, total, `${done} items fetched`).catch(() => undefined),
      });
      return axlCallResult({
        host,
        operation,
        used: deps.axl.knownVersion(host) ?? version,
        version,
        checked,
        toolkitTool: axlToolkitToolName(product),
        run,
        ...(fetched === undefined ? {} : { fetched }),
      });
    },
  });
}
