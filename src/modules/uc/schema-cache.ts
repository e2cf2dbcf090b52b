/**
 * Which AXL schema catalogues are cached under a product's AXL schemas directory, one folder per
 * version (put there by `<product>_download_axl_toolkit` from the customer's own node; never shipped), and which one a
 * call should use: the version negotiated with the host when known, else the highest cached.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { NotFoundError } from "../../mcp/errors.ts";
import type { AxlClient } from "../../protocols/axl/client.ts";
import { compareVersions } from "../../protocols/axl/version.ts";
import { TOOLKIT_FILES } from "../../protocols/axl-schema/catalogue.ts";
import { axlToolkitToolName, type Product } from "./products.ts";

/** Versions with a usable catalogue (WSDL and SOAP XSD present), oldest first. */
export function cachedVersions(schemasDir: string): string[] {
  if (!existsSync(schemasDir)) return [];
  return readdirSync(schemasDir)
    .filter((name) => hasCatalogue(schemasDir, name))
    .sort(compareVersions);
}

/** True when `<dir>/<version>/` holds the WSDL and the SOAP XSD. */
export function hasCatalogue(schemasDir: string, version: string): boolean {
  return (
    existsSync(join(schemasDir, version, TOOLKIT_FILES.wsdl)) &&
    existsSync(join(schemasDir, version, TOOLKIT_FILES.soapXsd))
  );
}

/** What picking a catalogue needs (CUCM and IM&P services both have it). */
export interface CatalogueSource {
  axlSchemasDir: string;
  axl: Pick<AxlClient, "knownVersion">;
}

/** The version to describe/list: explicit, else the host's negotiated one, else the highest cached. */
export function pickCatalogueVersion(svc: CatalogueSource, product: Product, version?: string, host?: string): string {
  const cached = cachedVersions(svc.axlSchemasDir);
  const wanted = version ?? (host === undefined ? undefined : svc.axl.knownVersion(host));
  if (wanted !== undefined && cached.includes(wanted)) return wanted;
  const fallback = version === undefined ? cached.at(-1) : undefined;
  if (fallback !== undefined) return fallback;
  throw new NotFoundError(
    cached.length === 0
      ? "No AXL schema catalogue is cached yet"
      : `No AXL schema ${wanted} is cached (cached: ${cached.join(", ")})`,
    `An admin can fetch the node's own schema with ${axlToolkitToolName(product)}.`,
  );
}
