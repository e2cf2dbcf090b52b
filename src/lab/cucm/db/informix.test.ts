import { describe, expect, test } from "bun:test";
import { InformixError, toInformixError, translateInformix } from "./informix.ts";

describe("Informix → SQLite", () => {
  test("SKIP/FIRST become LIMIT/OFFSET", () => {
    expect(translateInformix("SELECT SKIP 10 FIRST 5 name FROM device;")).toBe(
      "SELECT name FROM device LIMIT 5 OFFSET 10",
    );
    expect(translateInformix("select first 3 * from device")).toBe("select * from device LIMIT 3 OFFSET 0");
    expect(translateInformix("select skip 2 name from device")).toBe("select name from device LIMIT -1 OFFSET 2");
    expect(translateInformix("select name from device")).toBe("select name from device");
  });

  test("UNIQUE after the paging head, TODAY", () => {
    expect(translateInformix("select skip 1 first 2 unique name from device")).toBe(
      "select distinct name from device LIMIT 2 OFFSET 1",
    );
    expect(translateInformix("select today from device")).toBe("select date('now') from device");
  });

  test("nvl and casts", () => {
    expect(translateInformix("select nvl(description, '') from device where pkid::lvarchar = 'x'")).toBe(
      "select ifnull(description, '') from device where pkid = 'x'",
    );
  });

  test("SQLite errors map to Informix codes", () => {
    expect(toInformixError(new Error("no such table: nope")).code).toBe(-206);
    expect(toInformixError(new Error("no such column: nope")).code).toBe(-217);
    expect(toInformixError(new Error("UNIQUE constraint failed: device.name")).code).toBe(-239);
    expect(toInformixError(new Error("near x: syntax error"))).toBeInstanceOf(InformixError);
  });
});
