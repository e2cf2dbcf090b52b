/**
 * The envelope builder against hostile JSON: names that are not XML names, namespace declarations
 * and characters XML cannot carry are refused with INVALID_REQUEST naming the key; everything else
 * yields a well-formed envelope with exactly one Body child whose structure and values read back
 * exactly as given. Checked by property (fast-check) with an independent XML parser
 * (fast-xml-parser), and every generated envelope is also parsed by xmllint in one call.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { ProtocolError } from "../errors.ts";
import { buildEnvelope } from "./build.ts";

const AXL_NS = "http://www.cisco.com/AXL/API/15.0";
const build = (payload: Record<string, unknown>, operation = "getPhone") =>
  buildEnvelope({ namespace: AXL_NS, prefix: "ns", operation, payload });

function refusal(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
  throw new Error("expected a refusal, the envelope was built");
}

describe("names from input are XML names or refused", () => {
  test("an element key carrying markup is refused and named; nothing is smuggled", () => {
    const err = refusal(() => build({ name: "SEP001122334455", "x><ns:removePhone": { name: "SEP001122334455" } }));
    expect(err.code).toBe("INVALID_REQUEST");
    expect(err.message).toContain("x><ns:removePhone");
    expect(err.details["issues"]).toEqual([expect.stringContaining("data.x><ns:removePhone")]);
  });

  test("attribute names: markup, prefixes and xmlns are refused", () => {
    for (const key of ['@a="1"><ns:executeSQLUpdate', "@xsi:type", "@xmlns", "@xmlns:ns", "@", "@1a"]) {
      const err = refusal(() => build({ searchCriteria: { [key]: "x" } }));
      expect(err.code).toBe("INVALID_REQUEST");
      expect(err.message).toContain(`data.searchCriteria.${key}`);
    }
  });

  test("other bad keys, nested ones and the operation itself", () => {
    for (const payload of [
      { "#comment": "x" },
      { "a b": 1 },
      { "ns:sql": "x" },
      { lines: { line: [{ index: 1 }, { "</line>": 2 }] } },
      { "": 1 },
    ])
      expect(refusal(() => build(payload)).code).toBe("INVALID_REQUEST");
    expect(refusal(() => build({}, "getPhone><ns:removePhone")).message).toContain("operation");
    expect(refusal(() => build({ a: { "@b": { c: 1 } } })).message).toContain("data.a.@b");
  });

  test("values XML cannot carry are refused; unusual but legal names and values pass", () => {
    expect(refusal(() => build({ name: "a\u0000b" })).message).toContain("U+0000");
    expect(refusal(() => build({ name: "\uD800" })).message).toContain("U+D800");
    const xml = build({ "é-1.x_": "\r\n\t", "@ñ": "a\tb\nc\rd" });
    expect(xml).toContain("<é-1.x_>&#13;\n\t</é-1.x_>");
    expect(xml).toContain('ñ="a&#9;b&#10;c&#13;d"');
  });

  test("names that are JavaScript property names are just names", () => {
    const xml = build(JSON.parse('{"constructor":1,"__proto__":{"@prototype":"2"},"toString":"3"}'));
    expect(xml).toContain('<constructor>1</constructor><__proto__ prototype="2"/><toString>3</toString>');
  });

  test("nesting is bounded", () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 100; i++) deep = { n: deep };
    expect(refusal(() => build(deep)).message).toContain("deeper");
  });
});

// ---------- the property ----------

const reader = new XMLParser({
  htmlEntities: true,
  ignoreAttributes: false,
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  // Names such as toString are ordinary XML names; keep them as written.
  onDangerousProperty: (name: string) => name,
});

type Token = string;

/**
 * fast-xml-parser's name rules stop at U+FFFF; XML 1.0 also allows U+10000-U+EFFFF in names, so
 * those code points are shown to it spelled out in name characters (xmllint below checks the real documents).
 */
const bmpOnly = (s: string) => s.replace(/[\u{10000}-\u{EFFFF}]/gu, (c) => `_${(c.codePointAt(0) ?? 0).toString(16)}_`);

/**
 * An XML name by a second opinion: fast-xml-parser accepts `<name/>` and reads back exactly that
 * name (a whitespace character would otherwise end the name and pass as "name + nothing"), and
 * there is no colon (NCName).
 */
const nameReader = new XMLParser({ onDangerousProperty: (name: string) => name });
function nameOk(name: string): boolean {
  if (name === "" || name.includes(":")) return false;
  const shown = bmpOnly(name);
  if (XMLValidator.validate(`<${shown}/>`) !== true) return false;
  try {
    return Object.keys(nameReader.parse(`<${shown}/>`) as object)[0] === shown;
  } catch {
    return false;
  }
}
const charsOk = (s: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test names XML 1.0's excluded characters.
  !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(s) && s.isWellFormed();

/** What the envelope must contain under the operation element, as a flat token list; or "refused". */
function expected(value: unknown, name: string, depth: number, out: Token[]): boolean {
  if (Array.isArray(value)) return value.every((v) => expected(v, name, depth, out));
  if (value === null) {
    out.push(`<${name}`, "@xsi:nil=true", ">", "/>");
    return true;
  }
  if (typeof value === "object") {
    out.push(`<${name}`);
    if (!children(value as Record<string, unknown>, depth + 1, out)) return false;
    out.push("/>");
    return true;
  }
  const text = String(value);
  if (!charsOk(text)) return false;
  out.push(`<${name}`, ">");
  if (text !== "") out.push(`#${text}`);
  out.push("/>");
  return true;
}

function children(obj: Record<string, unknown>, depth: number, out: Token[]): boolean {
  if (depth > 64) return false;
  const attrs: Token[] = [];
  const inner: Token[] = [];
  for (const [key, v] of Object.entries(obj)) {
    if (key.startsWith("@")) {
      const n = key.slice(1);
      if (!nameOk(n) || n === "xmlns" || (v !== null && typeof v === "object") || !charsOk(String(v))) return false;
      attrs.push(`@${n}=${String(v)}`);
    } else if (key === "#text" || key === "#cdata") {
      if ((v !== null && typeof v === "object") || !charsOk(String(v))) return false;
      if (String(v) !== "") inner.push(`#${String(v)}`);
    } else {
      if (!nameOk(key)) return false;
      if (!expected(v, key, depth, inner)) return false;
    }
  }
  out.push(...attrs, ">", ...inner);
  return true;
}

/** The same token list read back from the parsed document (adjacent text merged on both sides). */
function actual(nodes: Record<string, unknown>[], out: Token[]): void {
  for (const node of nodes) {
    if ("#text" in node) {
      if (String(node["#text"]) !== "") out.push(`#${String(node["#text"])}`);
      continue;
    }
    const name = Object.keys(node).find((k) => k !== ":@") as string;
    out.push(`<${name}`);
    const attrs = (node[":@"] ?? {}) as Record<string, string>;
    for (const [k, v] of Object.entries(attrs)) out.push(`@${k.slice(2)}=${v}`);
    out.push(">");
    actual(node[name] as Record<string, unknown>[], out);
    out.push("/>");
  }
}

function mergeText(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const last = out.at(-1);
    if (t.startsWith("#") && last?.startsWith("#")) out[out.length - 1] = last + t.slice(1);
    else out.push(t);
  }
  return out;
}

// fast-xml-parser refuses to read these three names at all (its prototype-pollution guard); the
// builder writes them like any other name (the unit tests above and xmllint cover them).
const UNREADABLE = new Set(["__proto__", "constructor", "prototype"]);
const keyArb = fc
  .oneof(
    fc.constantFrom("name", "#text", "#cdata", "@uuid", "@xmlns", "x><ns:removePhone", '@a="1"', "ns:x", "é_1"),
    fc.string({ unit: "binary", maxLength: 8 }),
    fc.string({ unit: "binary", maxLength: 8 }).map((s) => `@${s}`),
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9._-]{0,6}$/),
  )
  .filter((k) => !UNREADABLE.has(k.replace(/^@/, "")));
const scalarArb = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("]]>", "<ns:removePhone/>", "&amp;", "\r\n", "'\"", "&#0;"),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
);
const { payload } = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, scalarArb, fc.array(tie("node"), { maxLength: 3 }), tie("payload")),
  payload: fc.dictionary(keyArb, tie("node"), { maxKeys: 5 }),
}));

test("property: any JSON gives a refusal or a well-formed envelope with one Body child and every value intact", () => {
  const built: string[] = [];
  fc.assert(
    fc.property(payload as fc.Arbitrary<Record<string, unknown>>, (p) => {
      const want: Token[] = [];
      const ok = children(p, 1, want);
      let xml: string;
      try {
        xml = build(p);
      } catch (err) {
        expect(err).toBeInstanceOf(ProtocolError);
        expect((err as ProtocolError).code).toBe("INVALID_REQUEST");
        expect(ok).toBe(false);
        return;
      }
      expect(ok).toBe(true);
      built.push(xml);
      expect(XMLValidator.validate(bmpOnly(xml))).toBe(true);
      const doc = reader.parse(xml) as Record<string, unknown>[];
      const envelope = doc.find((n) => "soapenv:Envelope" in n) as Record<string, Record<string, unknown>[]>;
      const parts = envelope["soapenv:Envelope"] as Record<string, unknown>[];
      expect(parts.map((n) => Object.keys(n)[0])).toEqual(["soapenv:Header", "soapenv:Body"]);
      const body = (parts[1] as Record<string, Record<string, unknown>[]>)["soapenv:Body"] as Record<string, unknown>[];
      expect(body.length).toBe(1);
      expect(Object.keys(body[0] as object).filter((k) => k !== ":@")).toEqual(["ns:getPhone"]);
      const got: Token[] = [];
      actual(body, got);
      expect(mergeText(got)).toEqual(mergeText(["<ns:getPhone", ...want, "/>"]));
    }),
    { numRuns: 3000 },
  );
  expect(built.length).toBeGreaterThan(300);
  // A second, independent parser over a sample of what was built: xmllint, one call.
  if (Bun.which("xmllint") === null) {
    if (process.env.CI === "true") throw new Error("xmllint is required in CI");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "soap-prop-"));
  try {
    const files = built.slice(0, 400).map((xml, i) => {
      const f = join(dir, `${i}.xml`);
      writeFileSync(f, xml);
      return f;
    });
    const run = Bun.spawnSync(["xmllint", "--noout", ...files], { stderr: "pipe" });
    expect(run.stderr.toString()).toBe("");
    expect(run.exitCode).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
