/**
 * The operation catalogue against Cisco's real AXL 15.0 toolkit files, read from
 * ../shared/cisco-schema at test time (never copied or committed), and the toolkit download
 * against a zip built here from those files.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { zipSync } from "fflate";
import { createAxlClient } from "../../src/protocols/axl/client.ts";
import { callWithSchema } from "../../src/protocols/axl/schema-call.ts";
import { createCatalogueStore } from "../../src/protocols/axl-schema/catalogue.ts";
import { downloadAxlToolkit } from "../../src/protocols/axl-schema/toolkit-download.ts";
import { createSoapParser } from "../../src/protocols/soap/parse.ts";
import { axlResponse, fakeUpstream, soapEnvelope } from "../support/fake-upstream.ts";

const SHARED = resolve(import.meta.dir, "../../../shared/cisco-schema/axl");
const have = existsSync(join(SHARED, "15.0", "AXLSoap.xsd"));
const run = have || process.env.CI === "true";
const readText = (p: string) => (existsSync(p) ? readFileSync(p, "utf8") : undefined);
const store = createCatalogueStore({ readText, modelCacheMax: 2, describeCacheMax: 16 });
const tmp = mkdtempSync(join(tmpdir(), "axl-toolkit-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!run)("AXL catalogue (15.0 toolkit)", () => {
  test("lists the WSDL's operations and filters them", () => {
    const cat = store.load(SHARED, "15.0");
    expect(cat.listOperations().length).toBeGreaterThan(1000);
    expect(cat.listOperations("sqlquery")).toEqual(["executeSQLQuery", "executeSQLQueryInactive"]);
    expect(store.load(SHARED, "15.0")).toBe(cat);
  }, 60_000);

  test("describes getPhone: a choice of name/uuid, optional returnedTags", () => {
    const info = store.load(SHARED, "15.0").describe("getPhone", 2);
    const name = info?.fields.find((f) => f.name === "name");
    expect(name).toMatchObject({ required: false, oneOf: ["name", "uuid"], maxLength: 100 });
    expect(info?.fields.find((f) => f.name === "returnedTags")).toMatchObject({ required: false });
    expect(info?.attributes).toEqual(["sequence"]);
  });

  test("describes addPhone with required fields and enums", () => {
    const info = store.load(SHARED, "15.0").describe("addPhone", 3);
    const phone = info?.fields.find((f) => f.name === "phone");
    const required = phone?.children?.filter((f) => f.required).map((f) => f.name) ?? [];
    for (const n of ["name", "product", "class", "protocol", "devicePoolName"]) expect(required).toContain(n);
    const proto = phone?.children?.find((f) => f.name === "protocol");
    expect(proto?.enum).toContain("SIP");
    expect(store.load(SHARED, "15.0").describe("noSuchOperation")).toBeUndefined();
  });

  test("validates and puts a payload in schema order", () => {
    const cat = store.load(SHARED, "15.0");
    const { value, issues } = cat.validate("listPhone", {
      first: 10,
      returnedTags: { model: "", name: "" },
      searchCriteria: { name: "SEP%" },
      skip: 0,
    });
    expect(issues).toEqual([]);
    expect(Object.keys(value)).toEqual(["searchCriteria", "returnedTags", "skip", "first"]);
    expect(Object.keys(value["returnedTags"] as object)).toEqual(["name", "model"]);

    const bad = cat.validate("addPhone", { phone: { name: "SEP1", protocol: "H.323x", Description: "x" } });
    const msgs = bad.issues.map((i) => `${i.path}: ${i.message}`).join("\n");
    expect(msgs).toContain("addPhone/phone/product: required element product is missing");
    expect(msgs).toContain("addPhone/phone/protocol: H.323x is not allowed");
    expect(msgs).toContain("did you mean description?");
    expect(cat.validate("getPhone", { name: "a", uuid: "b" }).issues[0]?.message).toContain("only one of name, uuid");
    expect(cat.validate("getPhone", {}).issues[0]?.message).toContain("one of name, uuid is required");
  });

  test("normalises single repeated elements of an answer into lists", () => {
    const cat = store.load(SHARED, "15.0");
    const parser = createSoapParser({ maxBytes: 1_000_000 });
    const body = parser.parseEnvelope(
      soapEnvelope(
        `<ns:getPhoneResponse xmlns:ns="http://www.cisco.com/AXL/API/15.0"><return><phone uuid="{A}"><name>SEP1</name><lines><line><index>1</index><dirn><pattern>1000</pattern></dirn></line></lines></phone></return></ns:getPhoneResponse>`,
      ),
      "h",
    );
    cat.normaliseResponse("getPhone", body.value);
    expect(body.value["return"]).toEqual({
      phone: { "@uuid": "{A}", name: "SEP1", lines: { line: [{ index: "1", dirn: { pattern: "1000" } }] } },
    });
    const list = parser.parseEnvelope(
      soapEnvelope(
        `<ns:listPhoneResponse xmlns:ns="x"><return><phone><name>A</name></phone></return></ns:listPhoneResponse>`,
      ),
      "h",
    );
    cat.normaliseResponse("listPhone", list.value);
    expect(list.value["return"]).toEqual({ phone: [{ name: "A" }] });
  });

  test("a missing version is a typed error", () => {
    expect(() => store.load(SHARED, "9.9")).toThrow(expect.objectContaining({ code: "SCHEMA_MISSING" }));
  });

  test("the toolkit download unpacks schema/<version>/ files only", async () => {
    const files: Record<string, Uint8Array> = {};
    for (const n of ["AXLAPI.wsdl", "AXLSoap.xsd", "AXLEnums.xsd"]) {
      const data = readFileSync(join(SHARED, "15.0", n));
      files[`axlsqltoolkit/schema/15.0/${n}`] = data;
      files[`axlsqltoolkit/schema/current/${n}`] = data;
    }
    files["axlsqltoolkit/schema/../../evil/AXLAPI.wsdl"] = new TextEncoder().encode("x");
    files["axlsqltoolkit/readme.txt"] = new TextEncoder().encode("hello");
    const zip = zipSync(files, { level: 1 });
    const up = fakeUpstream(() => new Response(zip, { headers: { "content-type": "application/zip" } }));
    const written: string[] = [];
    const res = await downloadAxlToolkit(
      {
        fetch: up.fetch,
        writeFile: (p, d) => {
          mkdirSync(dirname(p), { recursive: true });
          writeFileSync(p, d);
          written.push(p.slice(tmp.length));
        },
      },
      {
        host: "cucm",
        port: 8443,
        username: "u",
        password: "p",
        tls: { rejectUnauthorized: true },
        timeoutMs: 5000,
        schemasDir: tmp,
      },
    );
    expect(res).toMatchObject({ versions: ["15.0"], files: 3 });
    expect(written.sort()).toEqual(["/15.0/AXLAPI.wsdl", "/15.0/AXLEnums.xsd", "/15.0/AXLSoap.xsd"]);
    expect(up.requests[0]?.url).toBe("https://cucm:8443/plugins/axlsqltoolkit.zip");
    const fresh = createCatalogueStore({ readText, modelCacheMax: 1, describeCacheMax: 1 });
    expect(fresh.load(tmp, "15.0").listOperations("getCCMVersion")).toEqual(["getCCMVersion"]);
  });
});

test("a toolkit that is not a zip is a protocol error", async () => {
  const up = fakeUpstream(() => new Response("<html>login</html>"));
  await expect(
    downloadAxlToolkit(
      { fetch: up.fetch, writeFile: () => {} },
      {
        host: "cucm",
        port: 8443,
        username: "u",
        password: "p",
        tls: { rejectUnauthorized: true },
        timeoutMs: 5000,
        schemasDir: tmp,
      },
    ),
  ).rejects.toMatchObject({ code: "UPSTREAM_PROTOCOL" });
});

describe.skipIf(!run)("schema-checked AXL calls", () => {
  test("payloads are validated and ordered before sending; answers normalised", async () => {
    const cat = store.load(SHARED, "15.0");
    const up = fakeUpstream(() =>
      axlResponse("getPhone", "<phone><name>SEP1</name><lines><line><index>1</index></line></lines></phone>"),
    );
    const c = createAxlClient({ fetch: up.fetch, sleep: async () => {}, random: () => 0 });
    const t = {
      host: "h",
      port: 8443,
      username: "u",
      password: "p",
      timeoutMs: 1000,
      tls: { rejectUnauthorized: true },
    };
    const res = await callWithSchema(c, cat, t, "getPhone", { returnedTags: { lines: "", name: "" }, name: "SEP1" });
    expect(up.requests[0]?.body).toContain(
      "<ns:getPhone><name>SEP1</name><returnedTags><name/><lines/></returnedTags></ns:getPhone>",
    );
    expect(res.body.value["return"]).toEqual({ phone: { name: "SEP1", lines: { line: [{ index: "1" }] } } });
    const bad = await callWithSchema(c, cat, t, "addPhone", { phone: { name: "x" } }).catch((e) => e);
    expect(bad.code).toBe("SCHEMA_VALIDATION");
    expect((bad.details.issues as string[]).some((i) => i.includes("product"))).toBe(true);
    const unknown = await callWithSchema(c, cat, t, "getPhones", {}).catch((e) => e);
    expect(unknown.hint).toContain("getPhone");
    expect(up.requests).toHaveLength(1);
  });
});
