import { describe, expect, test } from "bun:test";
import { CdrFormatError, parseCdrCsv } from "./cdr-csv.ts";

const CDR = [
  '"cdrRecordType","globalCallID_callId","dateTimeOrigination","callingPartyNumber","origCause_value","pkid","comment"',
  "INTEGER,INTEGER,INTEGER,VARCHAR(50),INTEGER,UNIQUEIDENTIFIER,VARCHAR(2048)",
  '1,101,1733014860,"1001",16,"1e44e506-9a5d-4f0a-af2c-de23a7405123",""',
  '1,102,1733014920,"+4930 1002",,"2e44e506-9a5d-4f0a-af2c-de23a7405123","said ""hi"", then left"',
].join("\r\n");

describe("Cisco CDR/CMR flat files", () => {
  test("header, types and records: integers as numbers, quoted strings as text", () => {
    const t = parseCdrCsv(`${CDR}\r\n`);
    expect(t.fields).toHaveLength(7);
    expect(t.types[5]).toBe("UNIQUEIDENTIFIER");
    expect(t.records).toHaveLength(2);
    expect(t.records[0]).toMatchObject({ cdrRecordType: 1, globalCallID_callId: 101, callingPartyNumber: "1001" });
    // An empty INTEGER is "not set", a doubled quote is one quote, a comma inside quotes stays.
    expect(t.records[1]?.["origCause_value"]).toBeNull();
    expect(t.records[1]?.["comment"]).toBe('said "hi", then left');
    expect(t.records[1]?.["callingPartyNumber"]).toBe("+4930 1002");
    expect(t.skipped.count).toBe(0);
  });

  test("a line of the wrong width is skipped and counted, the others kept", () => {
    const t = parseCdrCsv(`${CDR}\n1,103,"short"\n`);
    expect(t.records).toHaveLength(2);
    expect(t.skipped).toEqual({ count: 1, lines: [5] });
  });

  test("a file without the header or the type line is refused", () => {
    expect(() => parseCdrCsv("hello,world\n1,2\n")).toThrow(CdrFormatError);
    expect(() => parseCdrCsv('"cdrRecordType","x"\nINTEGER\n')).toThrow("1 types for 2 fields");
    expect(() => parseCdrCsv("")).toThrow(CdrFormatError);
  });
});
