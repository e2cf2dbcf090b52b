/**
 * The lab's enumeration tables against Cisco's AXLEnums.xsd, read at lab start when the schema is
 * there. CUCM numbers some tables by position in the schema's list (XPatternUsage,
 * XPartitionUsage, XNodeUsage): those are taken whole from the schema. The others keep the
 * hand-checked numbers of enums.ts, and every name there must be one of the schema's values, in
 * the schema's order (CUCM's tables list them by ascending number in that same order).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LAB_XSD_PATTERNS } from "../../../util/patterns.ts";
import { ENUM_TABLES, type EnumRow } from "./enums.ts";

/** Tables CUCM numbers by position in the schema's enumeration. */
const POSITIONAL = new Set(["typepatternusage", "typepartitionusage", "typenodeusage"]);

/** Simple type name → enumeration values in file order, from one AXLEnums.xsd. */
export function readSchemaEnums(path: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const text = readFileSync(path, "utf8");
  for (const m of text.matchAll(LAB_XSD_PATTERNS.enumType)) {
    const values = [...(m[2] ?? "").matchAll(LAB_XSD_PATTERNS.enumValue)].map((v) => v[1] ?? "");
    out.set(m[1] ?? "", values);
  }
  return out;
}

/** The newest AXLEnums.xsd under `<schemaDir>/axl/`, or undefined. */
export function newestEnumsFile(schemaDir: string | undefined): string | undefined {
  if (!schemaDir || !existsSync(join(schemaDir, "axl"))) return undefined;
  const newest = readdirSync(join(schemaDir, "axl"))
    .filter((v) => existsSync(join(schemaDir, "axl", v, "AXLEnums.xsd")))
    .sort((a, b) => Number(a) - Number(b))
    .at(-1);
  return newest === undefined ? undefined : join(schemaDir, "axl", newest, "AXLEnums.xsd");
}

/** Where the hand-checked table disagrees with the schema (empty when they agree). */
export function enumProblems(schema: Map<string, string[]>): string[] {
  const problems: string[] = [];
  for (const { table, xsdType, rows } of ENUM_TABLES) {
    const values = schema.get(xsdType);
    if (!xsdType || !values) continue;
    let last = -1;
    for (const [number, name] of [...rows].sort((a, b) => a[0] - b[0])) {
      const at = values.indexOf(name);
      if (at === -1) problems.push(`${table}: "${name}" is not a value of ${xsdType}`);
      else if (at < last) problems.push(`${table}: "${name}" (${number}) is out of ${xsdType}'s order`);
      else last = at;
      if (POSITIONAL.has(table) && at !== -1 && at !== number)
        problems.push(`${table}: "${name}" is ${number} but position ${at} in ${xsdType}`);
    }
  }
  return problems;
}

/** The rows of every enumeration table: positional ones from the schema, the rest hand-checked. */
export function enumRows(schema: Map<string, string[]> | undefined): Map<string, readonly EnumRow[]> {
  const out = new Map<string, readonly EnumRow[]>();
  for (const { table, xsdType, rows } of ENUM_TABLES) {
    const values = schema?.get(xsdType);
    out.set(table, POSITIONAL.has(table) && values ? values.map((name, i): EnumRow => [i, name]) : rows);
  }
  return out;
}
