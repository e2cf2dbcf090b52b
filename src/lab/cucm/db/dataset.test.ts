import { describe, expect, test } from "bun:test";
import { openCucmDatabase } from "./open.ts";

const NODES = [
  { name: "cucm-pub", role: "publisher" as const },
  { name: "cucm-sub", role: "subscriber" as const },
];

describe("lab data sets", () => {
  test("enterprise: 50k phones, 60k lines, 20k users, every phone with a line", () => {
    const { db } = openCucmDatabase("enterprise", 7, NODES);
    const count = (sql: string) => (db.query(sql).get() as { n: number }).n;
    expect(count("SELECT count(*) AS n FROM device WHERE tkclass = 1")).toBe(50_000);
    expect(count("SELECT count(*) AS n FROM numplan WHERE tkpatternusage = 2")).toBe(60_000);
    expect(count("SELECT count(*) AS n FROM enduser")).toBe(20_000);
    expect(
      count(
        "SELECT count(*) AS n FROM device d WHERE tkclass = 1 AND NOT EXISTS (SELECT 1 FROM devicenumplanmap m WHERE m.fkdevice = d.pkid)",
      ),
    ).toBe(0);
    db.close();
  }, 60_000);

  test("small is deterministic for a seed and differs across seeds", () => {
    const dump = (seed: number) => {
      const { db } = openCucmDatabase("small", seed, NODES);
      const rows = JSON.stringify(db.query("SELECT pkid, name FROM device ORDER BY name").all());
      db.close();
      return rows;
    };
    expect(dump(1)).toBe(dump(1));
    expect(dump(1)).not.toBe(dump(2));
  });
});
