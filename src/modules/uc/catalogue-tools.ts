/**
 * `<product>_list_axl_operations` and `<product>_describe_axl_operation` for every product with an
 * AXL interface: browse the cached AXL schema (the customer's toolkit) so an agent can build a
 * correct `<product>_axl_call` payload: operation names, then required fields, choices, enums and
 * repeats of one operation. Local reads only; nothing is sent to the node.
 */
import * as v from "valibot";
import { NotFoundError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import type { FieldInfo } from "../../protocols/axl-schema/describe.ts";
import { CUCM_TOOL_PATTERNS, RBAC_PATTERNS } from "../../util/patterns.ts";
import type { AxlDeps, UcDeps } from "./deps.ts";
import type { Product, ProductWith } from "./products.ts";
import { pickCatalogueVersion } from "./schema-cache.ts";
import { hostOf } from "./targets.ts";

const versionField = v.optional(v.pipe(v.string(), v.regex(CUCM_TOOL_PATTERNS.axlVersion)));
const hostOpt = (_product: Product) => v.optional(v.pipe(v.string(), v.description("use its AXL version")));

/** What both tools declare: local reads of the product's cached schema, RBAC by product scope. */
const localRead = (product: ProductWith<"axl">) => ({
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  product,
  service: "axl" as const,
  access: () => ({ service: "product" as const, product }),
});

/** The cached catalogue to read: the version asked for, else the host's, else the newest cached. */
function catalogueFor(deps: UcDeps<ProductWith<"axl">> & AxlDeps, input: { version?: string; host?: string }) {
  const host = input.host ? hostOf(input.host) : undefined;
  const version = pickCatalogueVersion(deps, deps.product, input.version, host);
  return { version, cat: deps.catalogues.load(deps.axlSchemasDir, version) };
}

/** The listing tool of the deps' product. */
export function listOperationsTool(deps: UcDeps<ProductWith<"axl">> & AxlDeps): AnyTool {
  const product = deps.product;
  return defineTool({
    name: `${product}_list_axl_operations`,
    title: "List AXL operations",
    description: `AXL operation names in the cached schema, optionally those containing \`filter\`.`,
    input: v.object({
      filter: v.optional(v.pipe(v.string(), v.maxLength(128))),
      version: versionField,
      host: hostOpt(product),
    }),
    ...localRead(product),
    answer: { textIncludesData: true, paging: "a filter" },
    output: v.object({ version: v.string(), count: v.number(), operations: v.array(v.string()) }),
    async handler(input) {
      const { version, cat } = catalogueFor(deps, input);
      const ops = cat.listOperations(input.filter);
      const shown = ops.slice(0, 400);
      return toolResult(
        `${ops.length} AXL ${version} operations${input.filter ? ` matching "${input.filter}"` : ""}:\n${shown.join(", ")}${ops.length > shown.length ? ", …" : ""}`,
        { version, count: ops.length, operations: ops },
      );
    },
  });
}

/** Enum values shown in the compact form; the full form has them all. */
const COMPACT_ENUM = 12;

/** A field of the compact form: name, type, flags, a few enum names, its children's names. */
interface CompactField {
  name: string;
  type: string;
  required?: true;
  multiple?: true;
  oneOf?: string[];
  enum?: string[];
  enumCount?: number;
  /** The children's names, `*` marking the required ones (full: true describes them). */
  children?: string[];
}

function compactField(f: FieldInfo): CompactField {
  const count = f.enumCount ?? f.enum?.length ?? 0;
  return {
    name: f.name,
    type: f.type,
    ...(f.required ? { required: true as const } : {}),
    ...(f.multiple ? { multiple: true as const } : {}),
    ...(f.oneOf === undefined ? {} : { oneOf: f.oneOf }),
    ...(f.enum === undefined ? {} : { enum: f.enum.slice(0, COMPACT_ENUM), enumCount: count }),
    ...(f.children === undefined ? {} : { children: f.children.map((c) => `${c.name}${c.required ? "*" : ""}`) }),
  };
}

/** `name*[]: type` for a field, with enum names or its children's names. */
function fieldLabel(f: CompactField): string {
  const flags = `${f.required ? "*" : ""}${f.multiple ? "[]" : ""}`;
  const choice = f.oneOf === undefined ? "" : ` (one of ${f.oneOf.join("|")})`;
  const values =
    f.enum === undefined
      ? ""
      : ` = ${f.enum.join("|")}${(f.enumCount ?? 0) > f.enum.length ? `|… ${f.enumCount} in all` : ""}`;
  return `${f.name}${flags}: ${f.type}${values}${choice}`;
}

function fieldLine(f: CompactField): string {
  const inner = f.children === undefined ? "" : ` { ${f.children.join(", ")} }`;
  return `${fieldLabel(f)}${inner}`;
}

/** The description tool of the deps' product. */
export function describeOperationTool(deps: UcDeps<ProductWith<"axl">> & AxlDeps): AnyTool {
  const product = deps.product;
  return defineTool({
    name: `${product}_describe_axl_operation`,
    title: "Describe an AXL operation",
    description: `How to build ${product}_axl_call data: required fields, types, enum names (full: whole tree).`,
    input: v.object({
      operation: v.pipe(v.string(), v.regex(RBAC_PATTERNS.axlOperation), v.description("e.g. addPhone")),
      full: v.optional(v.boolean(), false),
      depth: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8), v.description("with full"))),
      version: versionField,
      host: hostOpt(product),
    }),
    ...localRead(product),
    answer: { textIncludesData: true },
    output: v.object({ operation: v.string(), version: v.string(), fields: v.array(v.unknown()) }),
    async handler(input) {
      const { version, cat } = catalogueFor(deps, input);
      const info = cat.describe(input.operation, input.full ? (input.depth ?? 3) : 2);
      const near = info === undefined ? cat.listOperations(input.operation.slice(0, 6)).slice(0, 10) : [];
      if (info === undefined)
        throw new NotFoundError(
          `AXL ${version} has no operation ${input.operation}`,
          near.length > 0
            ? `Did you mean: ${near.join(", ")}?`
            : `List the operations with ${product}_list_axl_operations.`,
        );
      if (input.full)
        return toolResult(`${input.operation} (AXL ${version}): ${JSON.stringify(info.fields)}`, {
          ...info,
        } as unknown as Record<string, unknown>);
      const fields = info.fields.map(compactField);
      return toolResult(
        `${input.operation} (AXL ${version}; * required, [] repeated; full: true for the whole tree):\n${fields.map(fieldLine).join("\n")}`,
        { operation: info.operation, version: info.version, requestType: info.requestType, fields },
      );
    },
  });
}
