/**
 * An AXL call checked against the cached schema catalogue (elements are put in
 * schema order when a catalogue is cached): the payload is validated and re-ordered before it is
 * sent, every issue is reported at once instead of a CUCM fault per attempt, and the answer's
 * repeated elements come back as arrays.
 */
import type { Catalogue } from "../axl-schema/catalogue.ts";
import { ProtocolError } from "../errors.ts";
import type { AxlCallOptions, AxlClient, AxlResult, AxlTarget } from "./client.ts";

/** Calls `operation` after schema validation; SCHEMA_VALIDATION lists every issue. */
export async function callWithSchema(
  client: AxlClient,
  catalogue: Catalogue,
  target: AxlTarget,
  operation: string,
  payload: Record<string, unknown>,
  opts: AxlCallOptions = {},
): Promise<AxlResult> {
  if (!catalogue.model.elements.has(operation)) {
    const near = catalogue.listOperations(operation.slice(0, 6)).slice(0, 10);
    throw new ProtocolError(
      "SCHEMA_VALIDATION",
      `Unknown AXL operation ${operation} in schema ${catalogue.version}`,
      near.length > 0 ? `Did you mean one of: ${near.join(", ")}?` : "List the operations to find the right name.",
      { issues: [`${operation}: unknown operation`] },
    );
  }
  const { value, issues } = catalogue.validate(operation, payload);
  if (issues.length > 0) {
    throw new ProtocolError(
      "SCHEMA_VALIDATION",
      `The ${operation} payload does not match schema ${catalogue.version} (${issues.length} issue${issues.length === 1 ? "" : "s"})`,
      "Fix the listed fields; describe the operation for required fields, choices and enums.",
      { issues: issues.map((i) => `${i.path}: ${i.message}`) },
    );
  }
  const res = await client.call(target, operation, value, opts);
  catalogue.normaliseResponse(operation, res.body.value);
  return res;
}
