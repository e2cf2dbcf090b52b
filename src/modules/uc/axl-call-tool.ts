/**
 * `<product>_axl_call` for every product with an AXL interface: any AXL operation by name with a
 * JSON payload. RBAC matches the operation name against the product's AXL allowlist in the
 * profile (done by the framework through `access`). When the schema catalogue of the host's AXL
 * version is cached, the payload is validated and put in schema order first (every issue
 * reported at once). A write with nothing cached fetches the node's own schema first
 * (schema-for-write.ts) and is never sent unordered; a read is sent as given, and the result
 * says so. SQL answers that are
 * too large are split and `list*` operations are paged (axl-run.ts); with `to_file` their whole
 * answer goes to a file in the caller's downloads and the result is a summary (answer-file.ts).
 * It can write, so it is annotated destructive.
 */
import { axlAction } from "../../mcp/action.ts";
import { ValidationError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool } from "../../mcp/tool.ts";
import { answerFilesRefused, mayWriteAnswerFiles, writeAnswerFile } from "./answer-file.ts";
import {
  AXL_CALL_ANNOTATIONS,
  AXL_CALL_OUTPUT,
  answerFileFormat,
  axlCallInput,
  axlCallResult,
  axlPaging,
  FILE_LIST_CAP,
  LIST_CAP,
  runAxl,
} from "./axl-run.ts";
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
    answer: (i, profile) => axlPaging(i.operation, mayWriteAnswerFiles(profile)),
    output: AXL_CALL_OUTPUT,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      // RBAC matched the NFKC form of the name; send exactly that form, never the raw one.
      const operation = input.operation.normalize("NFKC");
      const format = input.to_file === true ? answerFileFormat(operation, input.data) : undefined;
      if (input.to_file === true) {
        if (format === undefined)
          throw new ValidationError(`Invalid input for ${product}_axl_call: to_file`, [
            "to_file: only executeSQLQuery {sql} and list* without skip/first answer rows to write; drop to_file",
          ]);
        if (!mayWriteAnswerFiles(ctx.profile)) throw answerFilesRefused();
      }
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
      const listCap = format === undefined ? LIST_CAP : FILE_LIST_CAP;
      const run = await runAxl(deps.axl, catalogue, target, operation, input.data as Record<string, unknown>, {
        listCap,
        signal: ctx.signal,
        onProgress: (done, total) => void ctx.progress(done, total, `${done} items fetched`).catch(() => undefined),
      });
      const file =
        format === undefined || run.list === undefined
          ? undefined
          : writeAnswerFile(deps.answerFiles, ctx.principal.clientName, {
              host,
              operation,
              rows: run.list.items,
              format,
              now: new Date(),
            });
      if (file !== undefined)
        ctx.audit.event("axl.answer_file", {
          client: ctx.principal.clientName,
          tool: `${product}_axl_call`,
          host,
          operation,
          file: file.name,
          rows: file.rows,
          bytes: file.bytes,
        });
      return axlCallResult({
        listCap,
        ...(file === undefined ? {} : { file }),
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
