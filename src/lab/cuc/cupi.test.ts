import { describe, expect, test } from "bun:test";
import { XMLParser } from "fast-xml-parser";
import { labNodes, testKnobs } from "../../../test/support/lab-fixtures.ts";
import { basicAuthHeader } from "../ris/basic-auth.ts";
import { createCupiHandler, LAB_CUC_VERSION } from "./cupi.ts";

const CREDS = { username: "cucadmin", password: "Cuc-lab-pass-5" };
const BASE = "https://127.10.0.31";

function make(dataSet: "small" | "enterprise" = "small", seed = 42) {
  const cupi = createCupiHandler({ node: labNodes()[3]!, credentials: CREDS, knobs: testKnobs(), dataSet, seed });
  return (path: string, init: { method?: string; json?: boolean; body?: string; type?: string; auth?: string } = {}) =>
    cupi(
      new Request(`${BASE}${path}`, {
        method: init.method ?? "GET",
        headers: {
          authorization: init.auth ?? basicAuthHeader(CREDS),
          ...(init.json === false ? {} : { accept: "application/json" }),
          ...(init.body !== undefined ? { "content-type": init.type ?? "application/json" } : {}),
        },
        ...(init.body !== undefined ? { body: init.body } : {}),
      }),
    );
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false });

describe("CUPI handler", () => {
  test("401 without the right credentials", async () => {
    const call = make();
    expect((await call("/vmrest/users", { auth: basicAuthHeader({ ...CREDS, password: "x" }) })).status).toBe(401);
  });

  test("version, JSON and XML lists with @total, all values strings", async () => {
    const call = make();
    const version = await (await call("/vmrest/version/product/")).json();
    expect(version).toEqual({ name: "Cisco Unity Connection Version", version: LAB_CUC_VERSION });
    const users = await (await call("/vmrest/users")).json();
    expect(users["@total"]).toBe("14"); // 12 generated + Operator + undeliverable mailbox
    expect(Array.isArray(users.User)).toBe(true);
    expect(users.User.length).toBe(14);
    expect(Object.values(users.User[0]).every((v) => typeof v === "string")).toBe(true);
    const res = await call("/vmrest/handlers/callhandlers", { json: false });
    expect(res.headers.get("content-type")).toContain("application/xml");
    const doc = xml.parse(await res.text());
    expect(doc.Callhandlers["@total"]).toBe("8");
    expect(doc.Callhandlers.Callhandler.length).toBe(8);
    const dls = await (await call("/vmrest/distributionlists")).json();
    expect(dls["@total"]).toBe("5");
  });

  test("paging, count-only, query filters, and the single-item-as-object quirk", async () => {
    const call = make();
    const page2 = await (await call("/vmrest/users?rowsPerPage=5&pageNumber=2")).json();
    expect(page2["@total"]).toBe("14");
    expect(page2.User.length).toBe(5);
    const all = await (await call("/vmrest/users")).json();
    expect(page2.User[0].ObjectId).toBe(all.User[5].ObjectId);
    const countOnly = await (await call("/vmrest/users?rowsPerPage=0")).json();
    expect(countOnly).toEqual({ "@total": "14" });
    const one = await (await call(`/vmrest/users?query=${encodeURIComponent("(alias is operator)")}`)).json();
    expect(one["@total"]).toBe("1");
    expect(Array.isArray(one.User)).toBe(false);
    expect(one.User.Alias).toBe("operator");
    const none = await (await call(`/vmrest/users?query=${encodeURIComponent("(alias startswith zzz)")}`)).json();
    expect(none).toEqual({ "@total": "0" });
    const bad = await call(`/vmrest/users?query=${encodeURIComponent("(alias like x)")}`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.code).toBe("INVALID_PARAMETER");
  });

  test("CRUD on users: POST 201 with URI, GET one, PUT 204, DELETE 204 then 404", async () => {
    const call = make();
    const noTemplate = await call("/vmrest/users", { method: "POST", body: JSON.stringify({ Alias: "newbie" }) });
    expect(noTemplate.status).toBe(400);
    const created = await call("/vmrest/users?templateAlias=voicemailusertemplate", {
      method: "POST",
      body: JSON.stringify({ Alias: "newbie", DtmfAccessId: "5555", DisplayName: "New Bie" }),
    });
    expect(created.status).toBe(201);
    const uri = await created.text();
    expect(uri).toStartWith("/vmrest/users/");
    expect(created.headers.get("location")).toBe(uri);
    const dup = await call("/vmrest/users?templateAlias=voicemailusertemplate", {
      method: "POST",
      body: JSON.stringify({ Alias: "NEWBIE" }),
    });
    expect(dup.status).toBe(400);
    const got = await (await call(uri)).json();
    expect(got.Alias).toBe("newbie");
    expect(got.DtmfAccessId).toBe("5555");
    const put = await call(uri, {
      method: "PUT",
      type: "application/xml",
      body: "<User><DisplayName>Renamed</DisplayName></User>",
    });
    expect(put.status).toBe(204);
    const xmlOne = xml.parse(await (await call(uri, { json: false })).text());
    expect(xmlOne.User.DisplayName).toBe("Renamed");
    expect((await (await call("/vmrest/users?rowsPerPage=0")).json())["@total"]).toBe("15");
    expect((await call(uri, { method: "DELETE" })).status).toBe(204);
    const gone = await call(uri);
    expect(gone.status).toBe(404);
    expect((await gone.json()).errors.code).toBe("NOT_FOUND");
  });

  test("call handlers and distribution lists: create, members, delete", async () => {
    const call = make();
    const templates = await (await call("/vmrest/callhandlertemplates")).json();
    const templateId = templates.CallhandlerTemplate.ObjectId; // one template → an object
    const ch = await call(`/vmrest/handlers/callhandlers?templateObjectId=${templateId}`, {
      method: "POST",
      body: JSON.stringify({ DisplayName: "After Hours", DtmfAccessId: "7999" }),
    });
    expect(ch.status).toBe(201);
    expect(await ch.text()).toStartWith("/vmrest/handlers/callhandlers/");
    const dl = await call("/vmrest/distributionlists", {
      method: "POST",
      type: "application/xml",
      body: "<DistributionList><Alias>dl-new</Alias><DisplayName>New List</DisplayName></DistributionList>",
    });
    expect(dl.status).toBe(201);
    const dlUri = await dl.text();
    const membersOfNew = await (await call(`${dlUri}/distributionlistmembers`)).json();
    expect(membersOfNew).toEqual({ "@total": "0" });
    const lists = await (
      await call(`/vmrest/distributionlists?query=${encodeURIComponent("(alias is allvoicemailusers)")}`)
    ).json();
    const everyone = await (await call(`${lists.DistributionList.URI}/distributionlistmembers`)).json();
    expect(everyone["@total"]).toBe("12");
    expect((await call(dlUri, { method: "DELETE" })).status).toBe(204);
    expect((await call("/vmrest/usertemplates", { method: "POST", body: "{}" })).status).toBe(405);
  });

  test("same seed, same directory; the enterprise set is large and pages at 2000", async () => {
    const a = await (await make("small", 7)("/vmrest/users")).json();
    const b = await (await make("small", 7)("/vmrest/users")).json();
    const c = await (await make("small", 8)("/vmrest/users")).json();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const big = await (await make("enterprise", 1)("/vmrest/users")).json();
    expect(Number(big["@total"])).toBeGreaterThan(10_000);
    expect(big.User.length).toBe(2000);
  });
});
