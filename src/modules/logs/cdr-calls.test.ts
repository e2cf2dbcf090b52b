import { expect, test } from "bun:test";
import { parseCdrCsv } from "../../protocols/logs/cdr-csv.ts";
import { callsOfCdrs } from "./cdr-calls.ts";

const FILE = [
  '"cdrRecordType","globalCallID_callId","dateTimeOrigination","callingPartyNumber","originalCalledPartyNumber","finalCalledPartyNumber","origCause_value","destCause_value","dateTimeConnect","duration"',
  "INTEGER,INTEGER,INTEGER,VARCHAR(50),VARCHAR(50),VARCHAR(50),INTEGER,INTEGER,INTEGER,INTEGER",
  '1,7,1733014860,"1001","1002","2002",16,0,1733014863,41',
  '1,8,1733014980,"1001","1002","",0,17,0,0',
  '0,9,1733014990,"1001","1002","",0,0,0,0',
].join("\n");

test("end-of-call records become calls: final number, duration, causes decoded; other records ignored", () => {
  const calls = callsOfCdrs(parseCdrCsv(FILE), "h_cdr_C_01_202412010101_1");
  expect(calls).toHaveLength(2);
  expect(calls[0]).toEqual({
    time: "2024-12-01T01:01:00.000Z",
    calling: "1001",
    called: "2002",
    durationS: 41,
    answered: true,
    origCause: { code: 16, meaning: "Normal call clearing" },
    destCause: { code: 0, meaning: "No error" },
    callId: 7,
    file: "h_cdr_C_01_202412010101_1",
  });
  // No final number (never reached): the number dialled stands in.
  expect(calls[1]).toMatchObject({ called: "1002", answered: false, destCause: { code: 17, meaning: "User busy" } });
});
