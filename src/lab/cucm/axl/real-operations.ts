/**
 * Which names are real AXL operations: read from the WSDL's portType when the lab has Cisco's
 * schema (the newest version under `<schemaDir>/axl/`), else recognised by AXL's verb prefixes.
 * Used so an operation the lab does not serve is answered "not simulated" rather than "does not
 * exist" (Axis2's EPR fault stays for names that are not AXL operations at all).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LAB_PATTERNS } from "../../../util/patterns.ts";

/** A predicate over operation names. */
export function realOperations(schemaDir: string | undefined): (name: string) => boolean {
  const names = schemaDir ? wsdlOperations(schemaDir) : undefined;
  if (names) return (name) => names.has(name);
  return (name) => LAB_PATTERNS.axlVerb.test(name);
}

function wsdlOperations(schemaDir: string): Set<string> | undefined {
  const axlDir = join(schemaDir, "axl");
  if (!existsSync(axlDir)) return undefined;
  const newest = readdirSync(axlDir)
    .filter((v) => existsSync(join(axlDir, v, "AXLAPI.wsdl")))
    .sort((a, b) => Number(a) - Number(b))
    .at(-1);
  if (newest === undefined) return undefined;
  const wsdl = readFileSync(join(axlDir, newest, "AXLAPI.wsdl"), "utf8");
  const names = new Set<string>();
  for (const match of wsdl.matchAll(LAB_PATTERNS.wsdlOperation)) if (match[1]) names.add(match[1]);
  return names.size > 0 ? names : undefined;
}
