/**
 * The run-time AXL operation catalogue: loads `<SCHEMAS_DIR>/<version>/{AXLAPI.wsdl, AXLSoap.xsd,
 * AXLEnums.xsd}` (the customer's own toolkit, never shipped with the product), parses it once and
 * caches the model (LRU sized by SERVER_*_WSDL_CACHE_MAX) and operation descriptions (LRU sized by
 * SERVER_*_ZEEP_CACHE_MAX). File access is injected.
 */
import { join } from "node:path";
import { ProtocolError } from "../errors.ts";
import { describeOperation, type OperationInfo } from "./describe.ts";
import { LruCache } from "./lru.ts";
import type { SchemaModel } from "./model.ts";
import { normaliseResponse } from "./normalise.ts";
import { type ValidationResult, validateAndOrder } from "./validate.ts";
import { parseSchemaFiles } from "./xsd-parse.ts";

/** The three files of one version, as the toolkit zip names them. */
export const TOOLKIT_FILES = { wsdl: "AXLAPI.wsdl", soapXsd: "AXLSoap.xsd", enumsXsd: "AXLEnums.xsd" } as const;

/** Injected file access. */
export interface CatalogueDeps {
  /** Reads a text file, or returns undefined when it does not exist. */
  readText: (path: string) => string | undefined;
  modelCacheMax: number;
  describeCacheMax: number;
}

/** The operations of one schema version. */
export interface Catalogue {
  version: string;
  /** Operation names containing `filter` (case-insensitive), in WSDL order. */
  listOperations(filter?: string): string[];
  describe(operation: string, depth?: number): OperationInfo | undefined;
  validate(operation: string, payload: Record<string, unknown>): ValidationResult;
  /** Turns single elements the response type declares as repeated into arrays (in place). */
  normaliseResponse(operation: string, value: Record<string, unknown>): void;
  /** The parsed model, for callers that normalise responses by schema. */
  model: SchemaModel;
}

/** Loads and caches catalogues. */
export interface CatalogueStore {
  load(schemasDir: string, version: string): Catalogue;
}

/** Creates the store; one per product (CUCM, IM&P). */
export function createCatalogueStore(deps: CatalogueDeps): CatalogueStore {
  const models = new LruCache<string, Catalogue>(deps.modelCacheMax);
  return {
    load(schemasDir, version) {
      const key = join(schemasDir, version);
      const hit = models.get(key);
      if (hit) return hit;
      const read = (name: string) => deps.readText(join(key, name));
      const wsdl = read(TOOLKIT_FILES.wsdl);
      const soapXsd = read(TOOLKIT_FILES.soapXsd);
      if (wsdl === undefined || soapXsd === undefined) {
        throw new ProtocolError(
          "SCHEMA_MISSING",
          `No AXL schema ${version} is cached`,
          "Run the download-toolkit tool for this host (admin) to fetch the schema from the node.",
          { version },
        );
      }
      const enumsXsd = read(TOOLKIT_FILES.enumsXsd);
      const model = parseSchemaFiles(version, { wsdl, soapXsd, ...(enumsXsd === undefined ? {} : { enumsXsd }) });
      const cat = catalogueOf(model, deps.describeCacheMax);
      models.set(key, cat);
      return cat;
    },
  };
}

function catalogueOf(model: SchemaModel, describeMax: number): Catalogue {
  const described = new LruCache<string, OperationInfo | undefined>(describeMax);
  return {
    version: model.version,
    model,
    listOperations(filter) {
      const f = filter?.toLowerCase();
      return f ? model.operations.filter((o) => o.toLowerCase().includes(f)) : [...model.operations];
    },
    describe(operation, depth = 3) {
      const key = `${operation}#${depth}`;
      if (described.get(key) === undefined) described.set(key, describeOperation(model, operation, depth));
      return described.get(key);
    },
    validate: (operation, payload) => validateAndOrder(model, operation, payload),
    normaliseResponse: (operation, value) => normaliseResponse(model, operation, value),
  };
}
