/**
 * The schema catalogue an AXL write is sent with. A write must reach the node in schema order
 * (AXL's XSD is built of sequences; an agent's JSON keys come in any order), so when no catalogue
 * of the host's version is cached, the AXL SQL Toolkit is fetched from the node with the caller's
 * own AXL credentials first (the same download as `<product>_download_axl_toolkit`, audited as
 * `toolkit.downloaded` with `trigger: "write"`). If that is refused or fails, the write is refused
 * before anything is sent, with what went wrong and what to do. Reads never wait for this: they go
 * out as given when nothing is cached.
 */
import { ToolError } from "../../mcp/errors.ts";
import type { ToolContext } from "../../mcp/tool.ts";
import type { AxlTarget } from "../../protocols/axl/client.ts";
import { compareVersions } from "../../protocols/axl/version.ts";
import type { Catalogue } from "../../protocols/axl-schema/catalogue.ts";
import { downloadAxlToolkit } from "../../protocols/axl-schema/toolkit-download.ts";
import { isProtocolError } from "../../protocols/errors.ts";
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";
import { writeSchemaFile } from "./axl-toolkit-tool.ts";
import type { AxlDeps, UcDeps } from "./deps.ts";
import { axlToolkitToolName, type ProductWith } from "./products.ts";
import { cachedVersions, hasCatalogue } from "./schema-cache.ts";

/** True for operations that only read (they are sent as given without a cached schema). */
export function isReadOperation(operation: string): boolean {
  return PROTOCOL_PATTERNS.axlReadOperation.test(operation);
}

/**
 * True when the order of the payload's keys can matter: some object in it has two or more keys.
 * A payload such as `{ sql }` or `{ name }` is the same in any order and needs no schema.
 */
export function needsOrdering(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(needsOrdering);
  if (value === null || typeof value !== "object") return false;
  const entries = Object.values(value);
  return entries.length > 1 || entries.some(needsOrdering);
}

/** What the write will be sent with. */
export interface WriteSchema {
  version: string;
  catalogue: Catalogue;
  /** Versions fetched from the node for this call (absent when the cache already had one). */
  fetched?: string[];
}

// One download per schema directory at a time: concurrent first writes share it.
const inFlight = new Map<string, Promise<string[]>>();

/**
 * The catalogue for a write to `target.host`: `knownVersion` when the node has told us its
 * version, else the highest version the node's own toolkit holds (its release).
 */
export async function schemaForWrite(
  deps: UcDeps<ProductWith<"axl">> & AxlDeps,
  ctx: ToolContext,
  target: AxlTarget,
  knownVersion: string | undefined,
): Promise<WriteSchema> {
  const dir = deps.axlSchemasDir;
  const toolkitTool = axlToolkitToolName(deps.product);
  if (knownVersion !== undefined && hasCatalogue(dir, knownVersion))
    return { version: knownVersion, catalogue: deps.catalogues.load(dir, knownVersion) };
  let pending = inFlight.get(dir);
  if (pending === undefined) {
    pending = fetchToolkit(deps, ctx, target, toolkitTool).finally(() => inFlight.delete(dir));
    inFlight.set(dir, pending);
  }
  const fetched = await pending;
  const version = knownVersion ?? fetched.at(-1) ?? cachedVersions(dir).at(-1);
  if (version === undefined || !hasCatalogue(dir, version)) {
    throw new ToolError(
      "NotFoundError",
      `The toolkit from ${target.host} has no AXL ${knownVersion ?? ""} schema (it holds ${fetched.join(", ") || "none"}), so the write was not sent`,
      `Writes are sent only in schema order. Check the node is the ${deps.product.toUpperCase()} publisher, or place the schema of its version with ${toolkitTool}.`,
    );
  }
  return { version, catalogue: deps.catalogues.load(dir, version), fetched };
}

async function fetchToolkit(
  deps: UcDeps<ProductWith<"axl">> & AxlDeps,
  ctx: ToolContext,
  target: AxlTarget,
  toolkitTool: string,
): Promise<string[]> {
  const host = target.host;
  try {
    const res = await downloadAxlToolkit(
      { fetch: deps.fetch, writeFile: writeSchemaFile },
      {
        ...target,
        timeoutMs: deps.settings.schemaTimeoutMs ?? target.timeoutMs,
        schemasDir: deps.axlSchemasDir,
      },
    );
    ctx.audit.event("toolkit.downloaded", {
      client: ctx.principal.clientName,
      host,
      ...(deps.product === "cucm" ? {} : { product: deps.product }),
      kind: "axl",
      versions: res.versions,
      trigger: "write",
    });
    return [...res.versions].sort(compareVersions);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    ctx.audit.event("toolkit.download_failed", {
      client: ctx.principal.clientName,
      host,
      kind: "axl",
      trigger: "write",
      reason: why,
    });
    const unsent = "The write was not sent: AXL writes go out only in schema order, and the schema is not cached yet.";
    if (isProtocolError(err, "UPSTREAM_AUTH"))
      throw new ToolError(
        "UpstreamAuthError",
        `${why}. ${unsent}`,
        `Give the AXL user access to the AXL SQL Toolkit plugin (/plugins/axlsqltoolkit.zip), or ask an admin to run ${toolkitTool} once; then retry.`,
      );
    if (isProtocolError(err, "CANCELLED")) throw err;
    throw new ToolError(
      "UpstreamUnavailableError",
      `Fetching the AXL schema from ${host} failed (${why}). ${unsent}`,
      `Retry; if it keeps failing, an admin can run ${toolkitTool}, or place the schema files under the AXL schemas directory.`,
    );
  }
}
