import { describe, expect, test } from "bun:test";
import { boundAnswer } from "./answer.ts";
import { toolResult } from "./tool.ts";

const caps = { textChars: 1500, dataBytes: 4096 };
const rows = Array.from({ length: 300 }, (_, i) => ({
  name: `SEP${String(i).padStart(12, "0")}`,
  model: "Cisco 8845",
}));

describe("boundAnswer", () => {
  test("a list over the data cap is cut to fit, with the counts and the tool's paging hint", () => {
    const r = boundAnswer(toolResult("300 phones", { host: "h", result: { phone: rows } }), caps, {
      paging: "data.skip and data.first",
    });
    const data = r.structuredContent as { result: { phone: unknown[] }; bounded: Record<string, unknown> };
    expect(Buffer.byteLength(JSON.stringify(data))).toBeLessThanOrEqual(caps.dataBytes);
    expect(data.bounded).toMatchObject({ field: "result.phone", total: 300, shown: data.result.phone.length });
    const text = String(r.content[0]?.text);
    expect(text.length).toBeLessThanOrEqual(caps.textChars);
    expect(text).toStartWith("300 phones\n");
    expect(text).toContain("name|model\nSEP000000000000|Cisco 8845\n");
    expect(text).toMatch(/… \d+ more rows not shown; call again with data.skip and data.first$/);
  });

  test("an answer with no list is reduced to its scalars and says to narrow the request", () => {
    const big = { host: "h", tree: { text: "x".repeat(10_000) } };
    const r = boundAnswer(toolResult("described", big), caps);
    expect(r.structuredContent).toMatchObject({ host: "h", truncated: true });
    expect(JSON.stringify(r.structuredContent)).toContain("narrow your request");
    expect(String(r.content[0]?.text).length).toBeLessThanOrEqual(caps.textChars);
  });

  test("a list of scalars shows what fits; errors and data-free results pass through", () => {
    const names = Array.from({ length: 1000 }, (_, i) => `operation${i}`);
    const r = boundAnswer(toolResult("ops", { operations: names }), { textChars: 1000, dataBytes: 1_000_000 });
    expect(r.structuredContent).toEqual({ operations: names });
    expect(String(r.content[0]?.text)).toMatch(/operations: "operation0","operation1",.*\n… \d+ more items not shown/s);
    const error = { isError: true, content: [{ type: "text", text: "E: m" }], structuredContent: { error: {} } };
    expect(boundAnswer(error, caps)).toEqual(error);
    expect(boundAnswer(toolResult("done"), caps)).toEqual(toolResult("done"));
  });
});
