/**
 * `/plugins/axlsqltoolkit.zip`, as CUCM serves the "Cisco CallManager AXL SQL Toolkit" plugin
 * (AXL Developer Guide, "Download the AXL WSDL"): `schema/<version>/AXLAPI.wsdl, AXLSoap.xsd,
 * AXLEnums.xsd` and `schema/current/`. Cisco's files are never part of the product: the zip is
 * built at run time from the schema directory the lab was given, and is a clear 404 without one.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";

const FILES = ["AXLAPI.wsdl", "AXLSoap.xsd", "AXLEnums.xsd"];

/** Builds the zip from `schemaDir/axl/<version>/`; undefined when the directory has none. */
function buildToolkitZip(schemaDir: string | undefined): Uint8Array | undefined {
  if (!schemaDir) return undefined;
  const axlDir = join(schemaDir, "axl");
  if (!existsSync(axlDir)) return undefined;
  const versions = readdirSync(axlDir)
    .filter((v) => FILES.every((f) => existsSync(join(axlDir, v, f))))
    .sort();
  const newest = versions.at(-1);
  if (newest === undefined) return undefined;
  const tree: Record<string, Uint8Array> = {};
  for (const version of [...versions, "current"]) {
    for (const file of FILES)
      tree[`schema/${version}/${file}`] = readFileSync(join(axlDir, version === "current" ? newest : version, file));
  }
  // Level 1: the zip is built once per lab process and must not stall a busy machine.
  return zipSync(tree, { level: 1 });
}

/** Zips already built in this process, per schema directory (labs in one test run share them). */
const built = new Map<string, Uint8Array | undefined>();

/** The route handler: the zip (Basic auth checked by the caller), built once on first use. */
export function createToolkitHandler(schemaDir: string | undefined): () => Response {
  return () => {
    const key = schemaDir ?? "";
    if (!built.has(key)) built.set(key, buildToolkitZip(schemaDir));
    const zip = built.get(key);
    if (!zip) {
      return new Response(
        "The AXL SQL Toolkit is not available in this lab: start it with a schema directory (schemaDir / --schema-dir) that holds axl/<version>/AXLAPI.wsdl.",
        {
          status: 404,
          headers: { "content-type": "text/plain; charset=utf-8" },
        },
      );
    }
    return new Response(zip as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": "application/zip", "content-disposition": "attachment; filename=axlsqltoolkit.zip" },
    });
  };
}
