/**
 * `cucm_axl_call` (PRODUCT.md section 9): any AXL operation by name with a JSON payload. RBAC
 * matches the operation name against the profile's AXL allowlist (done by the framework through
 * `access`). When the schema catalogue of the host's AXL version is cached, the payload is
 * validated and put in schema order first (every issue reported at once); otherwise it is sent as
 * given, and the result says so. SQL answers that are too large are split and `list*` operations are
 * paged (axl-run.ts). It can write, so it is annotated destructive.
 */
import { type AnyTool, defineTool } from "../../mcp/tool.ts";
import { AXL_CALL_ANNOTATIONS, axlCallInput, axlCallResult, runAxl } from "./axl-run.ts";
import { hasCatalogue } from "./schema-cache.ts";
import { hostField, type Services, upstream } from "./shared.ts";
import { axlTarget, hostOf } from "./targets.ts";

const DEFAULT_VERSION = "15.0";

/** The generic AXL tool. */
export function axlCallTool(services: Services): AnyTool {
  return defineTool({
    name: "cucm_axl_call",
    title: "Run an AXL operation",
    description:
      "Runs one AXL operation on a CUCM publisher, e.g. operation 'getPhone' with data {\"name\":\"SEP001122334455\"}, or 'executeSQLQuery' with {\"sql\":\"select name from device\"}. `data` is the operation's request as JSON (element names as keys; repeated elements as arrays; attributes as '@name'). With a cached schema the payload is checked and ordered before sending (see cucm_describe_axl_operation); without one it is sent as given. Large executeSQLQuery answers are split and list* operations paged automatically (up to 10,000 items; omit skip/first). Write operations (add/update/remove/…) change the cluster. Returns the operation's `return` element as JSON.",
    input: axlCallInput(hostField),
    annotations: AXL_CALL_ANNOTATIONS,
    product: "cucm",
    access: (i) => ({ service: "axl", product: "cucm", operation: i.operation }),
    bucket: "axl",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const svc = services(ctx.core);
      const version = svc.axl.knownVersion(host) ?? DEFAULT_VERSION;
      const target = { ...axlTarget(ctx, svc, host), version };
      const checked = hasCatalogue(svc.axlSchemasDir, version);
      const payload = input.data as Record<string, unknown>;
      const run = await upstream("axl", () =>
        runAxl(
          svc.axl,
          checked ? svc.catalogues.load(svc.axlSchemasDir, version) : undefined,
          target,
          input.operation,
          payload,
          {
            signal: ctx.signal,
            onProgress: (done, total) => void ctx.progress(done, total, `${done} items fetched`).catch(() => undefined),
          },
        ),
      );
      const used = svc.axl.knownVersion(host) ?? version;
      return axlCallResult({
        host,
        operation: input.operation,
        used,
        version,
        checked,
        toolkitTool: "cucm_download_axl_toolkit",
        run,
      });
    },
  });
}
