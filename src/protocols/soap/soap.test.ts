import { describe, expect, test } from "bun:test";
import { ProtocolError } from "../errors.ts";
import { buildEnvelope, cdata, escapeXml } from "./build.ts";
import { decodeXmlEntities } from "./entities.ts";
import { decodeFault } from "./fault.ts";
import { createSoapParser } from "./parse.ts";
import { asList, textOf } from "./shape.ts";

const parser = createSoapParser({ arrayTags: ["row"], maxBytes: 1_000_000 });
const env = (inner: string) =>
  `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;

describe("envelope builder", () => {
  test("qualifies only the operation element and writes attributes, nil, arrays and CDATA", () => {
    const xml = buildEnvelope({
      namespace: "http://www.cisco.com/AXL/API/15.0",
      prefix: "ns",
      operation: "listPhone",
      payload: {
        "@sequence": "7",
        searchCriteria: { name: "SEP%" },
        returnedTags: { name: "", description: null, lines: { line: [{ index: 1 }, { index: 2 }] } },
        sql: { "#cdata": "select * from x where a < 3 and b = ']]>'" },
        skipped: undefined,
      },
    });
    expect(xml).toContain('<ns:listPhone sequence="7"><searchCriteria><name>SEP%</name></searchCriteria>');
    expect(xml).toContain('<description xsi:nil="true"/>');
    expect(xml).toContain("<lines><line><index>1</index></line><line><index>2</index></line></lines>");
    expect(xml).toContain("<name/>");
    expect(xml).toContain("<![CDATA[select * from x where a < 3 and b = ']]]]><![CDATA[>']]>");
    expect(xml).not.toContain("skipped");
    expect(xml).toContain('xmlns:ns="http://www.cisco.com/AXL/API/15.0"');
  });

  test("qualifies children for RisPort70 and escapes text", () => {
    const xml = buildEnvelope({
      namespace: "http://schemas.cisco.com/ast/soap",
      prefix: "soap",
      operation: "selectCmDevice",
      payload: { StateInfo: "<a b='1'/>", CmSelectionCriteria: { MaxReturnedDevices: 1000 } },
      qualifyChildren: true,
    });
    expect(xml).toContain("<soap:StateInfo>&lt;a b=&apos;1&apos;/&gt;</soap:StateInfo>");
    expect(xml).toContain("<soap:CmSelectionCriteria><soap:MaxReturnedDevices>1000</soap:MaxReturnedDevices>");
    expect(escapeXml('a&"b')).toBe("a&amp;&quot;b");
    expect(cdata("x")).toBe("<![CDATA[x]]>");
  });
});

describe("parser", () => {
  test("drops prefixes, keeps strings, normalises listed tags and decodes entities", () => {
    const body = parser.parseEnvelope(
      env(
        `<ns:executeSQLQueryResponse xmlns:ns="http://www.cisco.com/AXL/API/15.0"><return><row><name>a&amp;b &#x41;&#66;</name><pkid>0012</pkid><description/><fk uuid="{AB}">Default</fk><n xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></row></return></ns:executeSQLQueryResponse>`,
      ),
      "cucm",
    );
    expect(body.name).toBe("executeSQLQueryResponse");
    const rows = asList<Record<string, unknown>>((body.value["return"] as Record<string, unknown>)["row"]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "a&b AB", pkid: "0012", description: "" });
    expect(textOf(rows[0]?.["fk"])).toBe("Default");
    expect(rows[0]?.["fk"]).toEqual({ "#text": "Default", "@uuid": "{AB}" });
    expect(textOf(rows[0]?.["n"])).toBeNull();
  });

  test("decodes a prefixed axlError fault", () => {
    const body = parser.parseEnvelope(
      env(
        `<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>Item not valid</faultstring><detail><ns2:axlError xmlns:ns2="http://www.cisco.com/AXL/API/11.5"><axlcode>5007</axlcode><axlmessage>Item not valid: The specified Phone was not found</axlmessage><request>getPhone</request></ns2:axlError></detail></soapenv:Fault>`,
      ),
      "cucm",
    );
    expect(body.name).toBe("Fault");
    expect(decodeFault(body.value)).toEqual({
      faultcode: "soapenv:Client",
      faultstring: "Item not valid",
      axlcode: 5007,
      axlmessage: "Item not valid: The specified Phone was not found",
      request: "getPhone",
    });
  });

  test("refuses entity expansion quickly and with bounded memory", () => {
    const lol = [
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`),
      "]>",
      env("<x>&lol9;</x>"),
    ].join("");
    const before = process.memoryUsage().heapUsed;
    let err: unknown;
    try {
      parser.parseEnvelope(lol, "evil");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).code).toBe("XML_REFUSED");
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  test("refuses external entities, oversize input and garbage", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${env("<x>&e;</x>")}`;
    expect(() => parser.parseEnvelope(xxe, "evil")).toThrow(expect.objectContaining({ code: "XML_REFUSED" }));
    const small = createSoapParser({ maxBytes: 100 });
    expect(() => small.parseEnvelope(env(`<x>${"a".repeat(200)}</x>`), "big")).toThrow(
      expect.objectContaining({ code: "XML_REFUSED" }),
    );
    expect(() => parser.parseEnvelope("<html><body>Service Unavailable</body></html>", "x")).toThrow(
      expect.objectContaining({ code: "UPSTREAM_PROTOCOL" }),
    );
  });

  test("entity decoder handles edge cases", () => {
    expect(decodeXmlEntities("&lt;&gt;&quot;&apos;&amp;amp;")).toBe("<>\"'&amp;");
    expect(decodeXmlEntities("a & b &nbsp; &#1234567890;")).toBe("a & b &nbsp; &#1234567890;");
    expect(decodeXmlEntities("no refs")).toBe("no refs");
    // Names are matched, not looked up in an object: inherited property names stay as written.
    expect(decodeXmlEntities("&toString;&constructor;")).toBe("&toString;&constructor;");
    // A range decodes only its own characters: the `;` after it does not close a reference.
    expect(decodeXmlEntities("x&amp;y&amp;z", 1, 11)).toBe("&y&amp");
    expect(decodeXmlEntities("x&amp;y&amp;z", 1, 6)).toBe("&");
  });
});

describe("scanner edge cases", () => {
  test("CDATA, comments, processing instructions, quoted '>' and self-closing elements", () => {
    const body = parser.parseEnvelope(
      env(
        `<!-- note --><ns:r xmlns:ns="urn:x"><?pi data?><sql><![CDATA[a < b && c]]></sql><fk a:uuid="{1}" note='x > y'>T</fk><e k="v"/><e/><mixed>one<b>2</b> three</mixed><row><x>1</x></row><row><x>2</x></row></ns:r>`,
      ),
      "h",
    );
    expect(body.value).toEqual({
      sql: "a < b && c",
      fk: { "@uuid": "{1}", "@note": "x > y", "#text": "T" },
      e: [{ "@k": "v" }, ""],
      mixed: { b: "2", "#text": "one three" },
      row: [{ x: "1" }, { x: "2" }],
    });
  });

  test("leaf values: repeated columns, entities, blank ends, attributes and spaced closing tags", () => {
    const rows = [
      "<row><a>x</a><b>1 &amp; 2</b><c> t </c><d k='1'>v</d><e>same</e></row>",
      "<row><a>x</a><b>1 &amp; 2</b><c> t </c><d k='2'>v</d><e>same</e ></row>",
      "<row><a>y</a><b>1 &amp;amp; 2</b><c>t</c><d>v</d><e>sam&#101;</e></row>",
      "<row><a>x</a><b>1 &lt; 2</b><c>\tt\n</c><d k='3'> </d><e/></row>",
    ];
    const body = parser.parseEnvelope(env(`<r>${rows.join("")}</r>`), "h");
    expect(body.value["row"]).toEqual([
      { a: "x", b: "1 & 2", c: "t", d: { "@k": "1", "#text": "v" }, e: "same" },
      { a: "x", b: "1 & 2", c: "t", d: { "@k": "2", "#text": "v" }, e: "same" },
      { a: "y", b: "1 &amp; 2", c: "t", d: "v", e: "same" },
      { a: "x", b: "1 < 2", c: "t", d: { "@k": "3" }, e: "" },
    ]);
  });

  test("a parser's tags carry over between documents without carrying their values", () => {
    // Random documents over a small tag alphabet: one parser that has seen every earlier document
    // must give what a fresh parser gives (predictions and remembered values checked in place).
    const reused = createSoapParser({ arrayTags: ["row"], maxBytes: 1_000_000 });
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const names = ["a", "ns:b", "c", "row", "d"];
    const values = ["x", "xy", "y", "1 &amp; 2", " t ", ""];
    const element = (depth: number): string => {
      const name = names[rnd(names.length)]!;
      const attr = rnd(4) === 0 ? ` k="${rnd(3)}"` : "";
      if (depth > 2 || rnd(3) === 0) return `<${name}${attr}>${values[rnd(values.length)]}</${name}>`;
      return `<${name}${attr}>${Array.from({ length: 1 + rnd(4) }, () => element(depth + 1)).join("")}</${name}>`;
    };
    for (let i = 0; i < 300; i++) {
      const xml = env(`<r>${element(0)}${element(0)}</r>`);
      const fresh = createSoapParser({ arrayTags: ["row"], maxBytes: 1_000_000 });
      expect(reused.parseEnvelope(xml, "h")).toEqual(fresh.parseEnvelope(xml, "h"));
    }
    // Past the kept-tag bound, new names still parse (they live for one document).
    const many = Array.from({ length: 5_000 }, (_, i) => `<t${i}>${i}</t${i}>`).join("");
    const wide = reused.parseEnvelope(env(`<r>${many}</r>`), "h");
    expect(Object.keys(wide.value)).toHaveLength(5_000);
    expect(wide.value["t4999"]).toBe("4999");
    expect(reused.parseEnvelope(env(`<r>${many}</r>`), "h")).toEqual(wide);
  });

  test("refuses elements nested deeper than the limit, accepts the limit itself", () => {
    const nest = (levels: number) => `${"<a>".repeat(levels)}1${"</a>".repeat(levels)}`;
    // Envelope, Body and 254 `<a>` are open around the innermost, text-only `<a>`: 256 at once.
    expect(() => parser.parseEnvelope(env(nest(255)), "h")).not.toThrow();
    expect(() => parser.parseEnvelope(env(nest(256)), "h")).toThrow(expect.objectContaining({ code: "XML_REFUSED" }));
    expect(() => parser.parseEnvelope(env(nest(100_000)), "deep")).toThrow(
      expect.objectContaining({ code: "XML_REFUSED", message: expect.stringContaining("deeper than 256") }),
    );
  });

  test("mismatched, unclosed and unterminated markup are protocol errors", () => {
    for (const bad of ["<a><b></a></b>", "<a><b>", "<a x='1></a>", "<a><![CDATA[x</a>", "<a><!-- x</a>", "</a>"]) {
      expect(() => parser.parseEnvelope(env(bad), "h")).toThrow(expect.objectContaining({ code: "UPSTREAM_PROTOCOL" }));
    }
    expect(() => parser.parseEnvelope(`<!DOCTYPE x>${env("<a/>")}`, "h")).toThrow(
      expect.objectContaining({ code: "XML_REFUSED" }),
    );
  });
});
