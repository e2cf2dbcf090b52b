/**
 * The lab's Unity Connection provisioning API, CUPI (`https://<cuc>/vmrest/…`, Cisco "CUPI API"
 * guide): Basic auth; users, call handlers, distribution lists (+ members) and templates with
 * GET list (rowsPerPage/pageNumber, `query=`, `@total`), GET one, POST (201 + URI), PUT (204)
 * and DELETE (204); JSON or XML by Accept; `/vmrest/version/product`. Data is generated from
 * the seed and lives in memory for the life of the handler. Knobs: latency and resets.
 */
import type { LabCredentials, LabKnobs, LabNode } from "../contracts.ts";
import { checkBasicAuth } from "../ris/basic-auth.ts";
import { readCupiBody } from "./body.ts";
import { buildCupiStore, type CupiRecord, type CupiStore } from "./data.ts";
import { pageOf, parseQuery } from "./query.ts";
import { type CupiFormat, formatOf, renderError, renderList, renderOne } from "./render.ts";
import { CUPI_RESOURCES, type CupiResource } from "./resources.ts";

/** The Unity Connection version the lab reports. */
export const LAB_CUC_VERSION = "15.0.1.10000-19";

/** Options of {@link createCupiHandler}. */
export interface CupiHandlerOptions {
  node: LabNode;
  credentials: LabCredentials["cupi"];
  knobs: LabKnobs;
  dataSet: "small" | "enterprise";
  seed: number;
}

/** Creates the CUPI handler for one Unity Connection node. */
export function createCupiHandler(opts: CupiHandlerOptions): (req: Request) => Promise<Response> {
  const store = buildCupiStore(opts.dataSet, opts.seed);
  return async (req) => {
    const format = formatOf(req);
    if (!checkBasicAuth(req, opts.credentials)) {
      return new Response("<html><body><h1>HTTP Status 401 - Unauthorized</h1></body></html>", {
        status: 401,
        headers: { "content-type": "text/html", "www-authenticate": 'Basic realm="Cisco Unity Connection REST"' },
      });
    }
    if (opts.knobs.take("resetCount")) return resetConnection();
    const latency = opts.knobs.get().latencyMs;
    if (latency > 0) await Bun.sleep(latency);
    const url = new URL(req.url);
    const segments = url.pathname.split("/").filter((s) => s !== "");
    if (segments[0] !== "vmrest") return renderError(format, 404, "NOT_FOUND", `no CUPI resource at ${url.pathname}`);
    const rest = segments.slice(1);
    const path = rest.join("/").toLowerCase();
    if (path === "version/product" || path === "version") {
      if (req.method !== "GET") return notAllowed(format);
      return renderOne(format, "VersionInformation", {
        name: "Cisco Unity Connection Version",
        version: LAB_CUC_VERSION,
      });
    }
    if (
      rest.length === 3 &&
      rest[0]?.toLowerCase() === "distributionlists" &&
      rest[2]?.toLowerCase() === "distributionlistmembers"
    ) {
      return members(store, format, req, rest[1] ?? "", url.searchParams);
    }
    for (const resource of CUPI_RESOURCES) {
      if (path === resource.path) return collection(store, resource, format, req, url.searchParams);
      if (path.startsWith(`${resource.path}/`) && rest.length === resource.path.split("/").length + 1) {
        return single(store, resource, format, req, rest[rest.length - 1] ?? "");
      }
    }
    return renderError(format, 404, "NOT_FOUND", `no CUPI resource at ${url.pathname}`);
  };
}

function notAllowed(format: CupiFormat): Response {
  return renderError(format, 405, "METHOD_NOT_ALLOWED", "this method is not allowed on this resource");
}

function list(
  format: CupiFormat,
  listTag: string,
  itemTag: string,
  items: CupiRecord[],
  params: URLSearchParams,
): Response {
  const filter = parseQuery(params.get("query"));
  if (!filter.ok) return renderError(format, 400, "INVALID_PARAMETER", filter.message);
  const matched = items.filter(filter.test);
  const paged = pageOf(matched, params);
  if ("error" in paged) return renderError(format, 400, "INVALID_PARAMETER", paged.error);
  return renderList(format, listTag, itemTag, matched.length, paged.page);
}

async function collection(
  store: CupiStore,
  resource: CupiResource,
  format: CupiFormat,
  req: Request,
  params: URLSearchParams,
): Promise<Response> {
  if (req.method === "GET") return list(format, resource.listTag, resource.itemTag, resource.items(store), params);
  if (req.method !== "POST" || !resource.create) return notAllowed(format);
  const body = await readCupiBody(req);
  if (!body.ok) return renderError(format, body.status, "INVALID_PARAMETER", body.message);
  const missing = resource.required.filter((f) => !body.fields[f]);
  if (missing.length > 0)
    return renderError(format, 400, "MISSING_PARAMETER", `required field(s) missing: ${missing.join(", ")}`);
  const clash = duplicate(resource, resource.items(store), body.fields, "");
  if (clash) return renderError(format, 400, "DUPLICATE_OBJECT", clash);
  const created = resource.create(store, body.fields, params);
  if (typeof created === "string") return renderError(format, 400, "INVALID_PARAMETER", created);
  resource.items(store).push(created);
  return new Response(created.URI, {
    status: 201,
    headers: { "content-type": "text/plain", location: created.URI ?? "" },
  });
}

async function single(
  store: CupiStore,
  resource: CupiResource,
  format: CupiFormat,
  req: Request,
  id: string,
): Promise<Response> {
  const items = resource.items(store);
  const index = items.findIndex((r) => r.ObjectId === id);
  if (index < 0) return renderError(format, 404, "NOT_FOUND", `no ${resource.itemTag} with ObjectId ${id}`);
  const current = items[index]!;
  if (req.method === "GET") return renderOne(format, resource.itemTag, current);
  if (!resource.create) return notAllowed(format);
  if (req.method === "DELETE") {
    items.splice(index, 1);
    store.members.delete(id);
    for (const [dl, ids] of store.members)
      store.members.set(
        dl,
        ids.filter((m) => m !== id),
      );
    return new Response(null, { status: 204 });
  }
  if (req.method !== "PUT") return notAllowed(format);
  const body = await readCupiBody(req);
  if (!body.ok) return renderError(format, body.status, "INVALID_PARAMETER", body.message);
  const clash = duplicate(resource, items, body.fields, id);
  if (clash) return renderError(format, 400, "DUPLICATE_OBJECT", clash);
  const updated = { ...current };
  for (const [k, v] of Object.entries(body.fields)) if (k !== "ObjectId" && k !== "URI") updated[k] = v;
  items[index] = updated;
  return new Response(null, { status: 204 });
}

function duplicate(
  resource: CupiResource,
  items: CupiRecord[],
  fields: CupiRecord,
  selfId: string,
): string | undefined {
  for (const field of resource.unique) {
    const value = (fields[field] ?? "").toLowerCase();
    if (value && items.some((r) => r.ObjectId !== selfId && (r[field] ?? "").toLowerCase() === value)) {
      return `a ${resource.itemTag} with ${field} "${fields[field]}" already exists`;
    }
  }
  return undefined;
}

function members(store: CupiStore, format: CupiFormat, req: Request, dlId: string, params: URLSearchParams): Response {
  if (req.method !== "GET") return notAllowed(format);
  const ids = store.members.get(dlId);
  if (!ids) return renderError(format, 404, "NOT_FOUND", `no DistributionList with ObjectId ${dlId}`);
  const byId = new Map(store.users.map((u) => [u.ObjectId, u]));
  const rows = ids.flatMap((userId) => {
    const u = byId.get(userId);
    if (!u) return [];
    const objectId = `${dlId.slice(0, 8)}${userId.slice(8)}`;
    return [
      {
        URI: `/vmrest/distributionlists/${dlId}/distributionlistmembers/${objectId}`,
        ObjectId: objectId,
        DistributionListObjectId: dlId,
        MemberUserObjectId: userId,
        Alias: u.Alias ?? "",
        DisplayName: u.DisplayName ?? "",
      },
    ];
  });
  return list(format, "DistributionListMembers", "DistributionListMember", rows, params);
}

function resetConnection(): Response {
  const stream = new ReadableStream({
    start(controller) {
      controller.error(new Error("lab knob: connection reset"));
    },
  });
  return new Response(stream, { status: 200 });
}
