/**
 * The CUPI collections the lab serves and how each is created (CUPI API guide, per resource):
 * users need `?templateAlias=` naming a user template, call handlers `?templateObjectId=` naming
 * a call handler template, distribution lists just their fields. Templates are read-only.
 */
import { type CupiRecord, type CupiStore, distributionList, handler, user } from "./data.ts";

/** One collection: where it lives, its XML/JSON tags, and how POST builds an object. */
export interface CupiResource {
  /** Path under /vmrest/, e.g. `handlers/callhandlers`. */
  path: string;
  listTag: string;
  itemTag: string;
  items: (store: CupiStore) => CupiRecord[];
  /** Fields that must be present on POST. */
  required: string[];
  /** Fields that must be unique (case-insensitive). */
  unique: string[];
  /** Builds the new object, or returns an error message (missing/unknown template). */
  create?: (store: CupiStore, fields: CupiRecord, params: URLSearchParams) => CupiRecord | string;
}

function merge(base: CupiRecord, fields: CupiRecord): CupiRecord {
  const out = { ...base };
  for (const [k, v] of Object.entries(fields)) if (k !== "ObjectId" && k !== "URI") out[k] = v;
  return out;
}

/** The collections, matched on their path. */
export const CUPI_RESOURCES: CupiResource[] = [
  {
    path: "users",
    listTag: "Users",
    itemTag: "User",
    items: (s) => s.users,
    required: ["Alias"],
    unique: ["Alias", "DtmfAccessId"],
    create(store, fields, params) {
      const alias = params.get("templateAlias");
      const template = store.usertemplates.find((t) => t.Alias?.toLowerCase() === (alias ?? "").toLowerCase());
      if (!template) return `templateAlias "${alias ?? ""}" does not name a user template (try voicemailusertemplate)`;
      const id = store.newId();
      const base = user(
        id,
        fields.Alias ?? "",
        fields.DisplayName ?? fields.Alias ?? "",
        "",
        "",
        "",
        template.CosObjectId ?? "",
      );
      return merge(base, fields);
    },
  },
  {
    path: "handlers/callhandlers",
    listTag: "Callhandlers",
    itemTag: "Callhandler",
    items: (s) => s.callhandlers,
    required: ["DisplayName"],
    unique: ["DtmfAccessId"],
    create(store, fields, params) {
      const templateId = params.get("templateObjectId");
      if (!store.callhandlertemplates.some((t) => t.ObjectId === templateId)) {
        return `templateObjectId "${templateId ?? ""}" does not name a call handler template (see /vmrest/callhandlertemplates)`;
      }
      return merge(handler(store.newId(), fields.DisplayName ?? "", "", "false"), fields);
    },
  },
  {
    path: "distributionlists",
    listTag: "DistributionLists",
    itemTag: "DistributionList",
    items: (s) => s.distributionlists,
    required: ["Alias", "DisplayName"],
    unique: ["Alias"],
    create(store, fields) {
      const dl = merge(distributionList(store.newId(), fields.Alias ?? "", fields.DisplayName ?? ""), fields);
      store.members.set(dl.ObjectId!, []);
      return dl;
    },
  },
  {
    path: "usertemplates",
    listTag: "UserTemplates",
    itemTag: "UserTemplate",
    items: (s) => s.usertemplates,
    required: [],
    unique: [],
  },
  {
    path: "callhandlertemplates",
    listTag: "CallhandlerTemplates",
    itemTag: "CallhandlerTemplate",
    items: (s) => s.callhandlertemplates,
    required: [],
    unique: [],
  },
];
