import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { enumProblems, enumRows, newestEnumsFile, readSchemaEnums } from "./enum-check.ts";
import { ENUM_TABLES } from "./enums.ts";

const SCHEMA_DIR = resolve(import.meta.dir, "../../../../../shared/cisco-schema");
const haveSchema = existsSync(SCHEMA_DIR);

describe("lab enumerations against AXLEnums.xsd", () => {
  test.skipIf(!haveSchema && process.env.CI !== "true")(
    "every hand-checked name is a schema value, in the schema's order; positional tables match positions",
    () => {
      const file = newestEnumsFile(SCHEMA_DIR);
      expect(file).toBeDefined();
      const schema = readSchemaEnums(file ?? "");
      expect(schema.get("XModel")?.length).toBeGreaterThan(200);
      expect(enumProblems(schema)).toEqual([]);
      for (const version of ["12.5", "15.0"]) {
        const older = readSchemaEnums(resolve(SCHEMA_DIR, "axl", version, "AXLEnums.xsd"));
        expect(enumProblems(older)).toEqual([]);
      }
      const rows = enumRows(schema);
      expect(rows.get("typepatternusage")?.find(([, n]) => n === "Translation")?.[0]).toBe(3);
      expect(rows.get("typepatternusage")?.length).toBe(schema.get("XPatternUsage")?.length);
      expect(rows.get("typemodel")?.find(([, n]) => n === "Cisco 8845")?.[0]).toBe(36224);
    },
  );

  test("a wrong number or name is reported", () => {
    const schema = new Map([
      ["XModel", ["Cisco 7960", "Cisco 8845", "Cisco 7841"]],
      ["XPatternUsage", ["CallPark", "Conference", "Translation"]],
    ]);
    const problems = enumProblems(schema);
    expect(problems).toContain('typemodel: "Cisco 8845" (36224) is out of XModel\'s order');
    expect(problems).toContain('typemodel: "Route List" is not a value of XModel');
    expect(problems).toContain('typepatternusage: "Translation" is 3 but position 2 in XPatternUsage');
    expect(ENUM_TABLES.length).toBeGreaterThan(5);
  });
});
