/**
 * `cucm_list_axl_operations` and `cucm_describe_axl_operation` (PRODUCT.md section 9): browse the
 * cached AXL schema (the customer's toolkit) so an agent can build a correct cucm_axl_call
 * payload: operation names, then required fields, choices, enums and repeats of one operation.
 * Local reads only; nothing is sent to the node. The same tools serve IM&Presence
 * (`imp_list_axl_operations`, `imp_describe_axl_operation`) over SERVER_IMP_AXL_SCHEMAS_DIR.
 */
import * as v from "valibot";
import type { ApplianceCore } from "../../appliance/startup.ts";
import { NotFoundError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import type { CatalogueStore } from "../../protocols/axl-schema/catalogue.ts";
import { toToolError } from "../../protocols/tool-errors.ts";
import { CUCM_TOOL_PATTERNS, RBAC_PATTERNS } from "../../util/patterns.ts";
import { type CatalogueSource, pickCatalogueVersion } from "./schema-cache.ts";
import { PRODUCT_LABELS } from "./ssh-product.ts";
import { hostOf } from "./targets.ts";

/** What the catalogue tools need from a product's services. */
export type CatalogueServices = (core: ApplianceCore) => CatalogueSource & { catalogues: CatalogueStore };
type AxlProduct = "cucm" | "imp";
const mapped = (err: unknown, product: AxlProduct) => toToolError(err, { product, kind: "axl" });

const versionField = v.optional(
  v.pipe(
    v.string(),
    v.regex(CUCM_TOOL_PATTERNS.axlVersion),
    v.description("AXL schema version, e.g. 15.0 (default: the host's)"),
  ),
);
const hostOpt = (product: AxlProduct) =>
  v.optional(v.pipe(v.string(), v.description(`${PRODUCT_LABELS[product]} host whose negotiated AXL version to use`)));

/** The listing tool of `product` (default CUCM). */
export function listOperationsTool(services: CatalogueServices, product: AxlProduct = "cucm"): AnyTool {
  return defineTool({
    name: `${product}_list_axl_operations`,
    title: "List AXL operations",
    description: `Lists AXL operation names from the cached schema (optionally only those containing \`filter\`, case-insensitive, e.g. 'Phone'). Use before ${product}_describe_axl_operation and ${product}_axl_call. Needs a cached catalogue (${product}_download_axl_toolkit).`,
    input: v.object({
      filter: v.optional(v.pipe(v.string(), v.maxLength(128))),
      version: versionField,
      host: hostOpt(product),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    product,
    access: () => ({ service: "product", product }),
    async handler(input, ctx) {
      const svc = services(ctx.core);
      const version = pickCatalogueVersion(svc, input.version, input.host ? hostOf(input.host) : undefined, product);
      let ops: string[];
      try {
        ops = svc.catalogues.load(svc.axlSchemasDir, version).listOperations(input.filter);
      } catch (err) {
        throw mapped(err, product);
      }
      const shown = ops.slice(0, 400);
      return toolResult(
        `${ops.length} AXL ${version} operations${input.filter ? ` matching "${input.filter}"` : ""}:\n${shown.join(", ")}${ops.length > shown.length ? ", …" : ""}`,
        { version, count: ops.length, operations: ops },
      );
    },
  });
}

/** The description tool of `product` (default CUCM). */
export function describeOperationTool(services: CatalogueServices, product: AxlProduct = "cucm"): AnyTool {
  return defineTool({
    name: `${product}_describe_axl_operation`,
    title: "Describe an AXL operation",
    description: `Describes one AXL operation's request from the cached schema: fields in schema order with type, required/optional, repeats, choices and enum values, nested to \`depth\` levels (default 3). Use it to build the \`data\` of ${product}_axl_call.`,
    input: v.object({
      operation: v.pipe(v.string(), v.regex(RBAC_PATTERNS.axlOperation), v.description("e.g. addPhone")),
      depth: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8))),
      version: versionField,
      host: hostOpt(product),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    product,
    access: () => ({ service: "product", product }),
    async handler(input, ctx) {
      const svc = services(ctx.core);
      const version = pickCatalogueVersion(svc, input.version, input.host ? hostOf(input.host) : undefined, product);
      let info: ReturnType<ReturnType<typeof svc.catalogues.load>["describe"]>;
      let near: string[] = [];
      try {
        const cat = svc.catalogues.load(svc.axlSchemasDir, version);
        info = cat.describe(input.operation, input.depth ?? 3);
        if (info === undefined) near = cat.listOperations(input.operation.slice(0, 6)).slice(0, 10);
      } catch (err) {
        throw mapped(err, product);
      }
      if (info === undefined)
        throw new NotFoundError(
          `AXL ${version} has no operation ${input.operation}`,
          near.length > 0
            ? `Did you mean: ${near.join(", ")}?`
            : `List the operations with ${product}_list_axl_operations.`,
        );
      return toolResult(`${input.operation} (AXL ${version}): ${JSON.stringify(info.fields)}`, {
        ...info,
      } as unknown as Record<string, unknown>);
    },
  });
}
