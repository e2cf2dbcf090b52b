/**
 * The lab's schema check of AXL requests: each version's AXLSoap.xsd from the schema directory
 * (read once per process: the newest at lab start, others on their first request). Versions without a schema in
 * the directory are not checked (docs/lab.md).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { validateRequest, type XmlNode } from "./validate.ts";
import { readXsd } from "./xsd-read.ts";

/** The path of a version's AXLSoap.xsd, or undefined when the directory has none. */
export function axlXsdPath(schemaDir: string | undefined, version: string): string | undefined {
  if (!schemaDir) return undefined;
  const path = join(schemaDir, "axl", version, "AXLSoap.xsd");
  return existsSync(path) ? path : undefined;
}

/**
 * A checker: the first schema violation of a request, or undefined (valid, or no schema). The
 * `preload` version's schema is read now, so the first request does not wait for it.
 */
export function createRequestValidator(
  schemaDir: string | undefined,
  preload?: string,
): (version: string, op: XmlNode) => string | undefined {
  const first = preload === undefined ? undefined : axlXsdPath(schemaDir, preload);
  if (first) readXsd(first);
  return (version, op) => {
    const path = axlXsdPath(schemaDir, version);
    return path ? validateRequest(readXsd(path), op) : undefined;
  };
}
