import { describe, expect, test } from "bun:test";
import { axlFaultResponse, axlResponse, fakeSleep, fakeUpstream } from "../../../test/support/fake-upstream.ts";
import type { ProtocolError } from "../errors.ts";
import type { FetchLike } from "../http.ts";
import { createUpstreamGate } from "../upstream-gate.ts";
import { type AxlTarget, axlReturn, createAxlClient } from "./client.ts";
import { listAll } from "./list.ts";
import { executeSqlQuery, executeSqlUpdate } from "./sql.ts";

const target: AxlTarget = {
  host: "cucm-pub",
  port: 8443,
  username: "axluser",
  password: "s3cret-Pass",
  timeoutMs: 5000,
  tls: { rejectUnauthorized: true },
};
const html599 = () =>
  new Response(
    "<html><body><h1>Incorrect axl version. Supported axl versions are 12.x, 14.0 and 15.0</h1></body></html>",
    {
      status: 599,
      headers: { "content-type": "text/html" },
    },
  );
const versionAnswer = () =>
  axlResponse("getCCMVersion", "<componentVersion><version>14.0.1.13900(155)</version></componentVersion>", "14.0");

function client(up: ReturnType<typeof fakeUpstream>, extra: Partial<Parameters<typeof createAxlClient>[0]> = {}) {
  const s = fakeSleep();
  return { s, c: createAxlClient({ fetch: up.fetch, sleep: s.sleep, random: () => 0.5, ...extra }) };
}

describe("AXL client", () => {
  test("SOAPAction and namespace agree, Basic auth first, then the JSESSIONIDSSO cookie", async () => {
    const up = fakeUpstream(
      () => {
        const r = versionAnswer();
        r.headers.append("set-cookie", "JSESSIONIDSSO=ABC123; Path=/; Secure; HttpOnly");
        return r;
      },
      () => versionAnswer(),
    );
    const { c } = client(up, { defaultVersion: "14.0" });
    const res = await c.call(target, "getCCMVersion", { processNodeName: "" });
    expect(res.version).toBe("14.0");
    expect(axlReturn(res)).toEqual({ componentVersion: { version: "14.0.1.13900(155)" } });
    await c.call(target, "getCCMVersion", {});
    const [first, second] = up.requests;
    expect(first?.url).toBe("https://cucm-pub:8443/axl/");
    expect(first?.headers["soapaction"]).toBe('"CUCM:DB ver=14.0 getCCMVersion"');
    expect(first?.body).toContain('xmlns:ns="http://www.cisco.com/AXL/API/14.0"');
    expect(first?.headers["authorization"]).toStartWith("Basic ");
    expect(first?.tls).toEqual({ rejectUnauthorized: true });
    expect(second?.headers["cookie"]).toBe("JSESSIONIDSSO=ABC123");
    expect(second?.headers["authorization"]).toBeUndefined();
  });

  test("a session cookie is never shared between different credentials for the same host", async () => {
    const up = fakeUpstream(
      () => new Response(versionAnswer().body, { headers: { "set-cookie": "JSESSIONIDSSO=ADMIN; Path=/" } }),
    );
    const { c } = client(up, { defaultVersion: "14.0" });
    await c.call(target, "getCCMVersion", {});
    await c.call({ ...target, username: "readonly", password: "other" }, "getCCMVersion", {});
    await c.call({ ...target, password: "changed" }, "getCCMVersion", {});
    expect(up.requests.map((r) => r.headers["cookie"] ?? "basic")).toEqual(["basic", "basic", "basic"]);
  });

  test("an expired session (404) falls back to Basic auth", async () => {
    const up = fakeUpstream(
      () => new Response(versionAnswer().body, { headers: { "set-cookie": "JSESSIONIDSSO=OLD; Path=/" } }),
      () => new Response("not found", { status: 404 }),
      () => versionAnswer(),
    );
    const { c } = client(up, { defaultVersion: "14.0" });
    await c.call(target, "getCCMVersion", {});
    await c.call(target, "getCCMVersion", {});
    expect(up.requests).toHaveLength(3);
    expect(up.requests[1]?.headers["cookie"]).toBe("JSESSIONIDSSO=OLD");
    expect(up.requests[2]?.headers["authorization"]).toStartWith("Basic ");
  });

  test("HTTP 599 negotiates the highest usable version and remembers it per host", async () => {
    const up = fakeUpstream(html599, versionAnswer);
    const { c } = client(up, { defaultVersion: "15.5" });
    const res = await c.call(target, "getCCMVersion", {});
    expect(res.version).toBe("15.0");
    expect(up.requests[1]?.headers["soapaction"]).toBe('"CUCM:DB ver=15.0 getCCMVersion"');
    expect(up.requests[1]?.body).toContain("http://www.cisco.com/AXL/API/15.0");
    expect(c.knownVersion("cucm-pub")).toBe("15.0");
    await c.call(target, "getCCMVersion", {});
    expect(up.requests[2]?.headers["soapaction"]).toBe('"CUCM:DB ver=15.0 getCCMVersion"');
  });

  test("599 with nothing usable is a typed error", async () => {
    const up = fakeUpstream(
      () => new Response("Incorrect axl version. Supported axl versions are 8.0 and 9.1", { status: 599 }),
    );
    const { c } = client(up);
    await expect(c.call(target, "getCCMVersion", {})).rejects.toMatchObject({ code: "AXL_VERSION_UNSUPPORTED" });
  });

  test("503 and memory faults are retried with jittered backoff; writes only on 503", async () => {
    const up = fakeUpstream(
      () => new Response("busy", { status: 503 }),
      () =>
        axlFaultResponse(
          -1,
          "Maximum AXL Memory Allocation Consumed. Please retry once requests in progress have completed",
        ),
      () => axlResponse("getPhone", "<phone><name>SEP1</name></phone>"),
    );
    const { c, s } = client(up);
    const res = await c.call(target, "getPhone", { name: "SEP1" });
    expect(axlReturn(res)).toEqual({ phone: { name: "SEP1" } });
    expect(s.waits).toEqual([1000, 2000]);

    const w = fakeUpstream(
      () => new Response("busy", { status: 503 }),
      () => axlResponse("updatePhone", "{ABC}"),
    );
    const cw = client(w);
    await cw.c.call(target, "updatePhone", { name: "SEP1", description: "x" });
    expect(w.requests).toHaveLength(2);

    const wm = fakeUpstream(() => axlFaultResponse(-1, "Maximum AXL Memory Allocation Consumed. Please retry"));
    const cm = client(wm);
    await expect(cm.c.call(target, "addPhone", { phone: {} })).rejects.toMatchObject({ code: "UPSTREAM_THROTTLED" });
    expect(wm.requests).toHaveLength(1);
  });

  test("throttling that persists gives up after the policy's attempts", async () => {
    const up = fakeUpstream(() => new Response("busy", { status: 503, headers: { "retry-after": "3" } }));
    const { c, s } = client(up);
    await expect(c.call(target, "listPhone", {})).rejects.toMatchObject({ code: "UPSTREAM_THROTTLED" });
    expect(up.requests).toHaveLength(4);
    expect(s.waits).toEqual([3000, 3000, 4000]);
  });

  test("faults keep axlcode and axlmessage; 401 is an auth error without the password", async () => {
    const up = fakeUpstream(() =>
      axlFaultResponse(5007, "Item not valid: The specified Phone was not found", "getPhone"),
    );
    const { c } = client(up);
    const err = (await c.call(target, "getPhone", { name: "nope" }).catch((e) => e)) as ProtocolError;
    expect(err.code).toBe("AXL_FAULT");
    expect(err.details).toMatchObject({
      axlcode: 5007,
      axlmessage: "Item not valid: The specified Phone was not found",
    });
    const u = fakeUpstream(() => new Response("<html>401</html>", { status: 401 }));
    const e2 = (await client(u)
      .c.call(target, "getPhone", {})
      .catch((e) => e)) as ProtocolError;
    expect(e2.code).toBe("UPSTREAM_AUTH");
    expect(JSON.stringify({ m: e2.message, h: e2.hint, d: e2.details })).not.toContain("s3cret");
  });

  test("timeouts are typed; a write that timed out is marked outcome unknown", async () => {
    const slow = { ...target, timeoutMs: 10 };
    const hangingFetch: FetchLike = (_u, init) =>
      new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(new Error("aborted"))));
    const c = createAxlClient({ fetch: hangingFetch, sleep: async () => {}, random: () => 0 });
    const err = (await c.call(slow, "addPhone", { phone: {} }).catch((e) => e)) as ProtocolError;
    expect(err.code).toBe("UPSTREAM_TIMEOUT");
    expect(err.details.outcomeUnknown).toBe(true);
  });
});

describe("SQL and list helpers", () => {
  test("executeSQLQuery sends CDATA and returns rows (one row is still a list)", async () => {
    const up = fakeUpstream(() => axlResponse("executeSQLQuery", "<row><name>SEP1</name><pkid>a-b</pkid></row>"));
    const { c } = client(up);
    const res = await executeSqlQuery(c, target, "select name, pkid from device where tkclass < 2");
    expect(res).toEqual({ rows: [{ name: "SEP1", pkid: "a-b" }], requests: 1 });
    expect(up.requests[0]?.body).toContain("<sql><![CDATA[select name, pkid from device where tkclass < 2]]></sql>");
  });

  test("'Query request too large' is split with SKIP/FIRST transparently", async () => {
    const rows = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `<row><name>D${from + i}</name></row>`).join("");
    const up = fakeUpstream(
      () =>
        axlFaultResponse(
          -1,
          "Query request too large. Total rows matched: 25 rows. Suggestive Row Fetch: less than 11 rows",
        ),
      () => axlResponse("executeSQLQuery", rows(0, 9)),
      () => axlResponse("executeSQLQuery", rows(9, 9)),
      () => axlResponse("executeSQLQuery", rows(18, 7)),
    );
    const { c } = client(up);
    const progress: number[] = [];
    const res = await executeSqlQuery(c, target, "SELECT name FROM device ORDER BY name", {
      onProgress: (n) => progress.push(n),
    });
    expect(res.rows.map((r) => r["name"])).toEqual(Array.from({ length: 25 }, (_, i) => `D${i}`));
    expect(res.requests).toBe(4);
    expect(res.chunk).toBe(9);
    expect(up.requests[1]?.body).toContain("SELECT SKIP 0 FIRST 9 name FROM device");
    expect(up.requests[3]?.body).toContain("SELECT SKIP 18 FIRST 9 name FROM device");
    expect(progress).toEqual([9, 18, 25]);
  });

  test("a query that already pages itself is not split", async () => {
    const up = fakeUpstream(() =>
      axlFaultResponse(
        -1,
        "Query request too large. Total rows matched: 25 rows. Suggestive Row Fetch: less than 11 rows",
      ),
    );
    const { c } = client(up);
    await expect(executeSqlQuery(c, target, "select first 100 name from device")).rejects.toMatchObject({
      code: "AXL_FAULT",
    });
    expect(up.requests).toHaveLength(1);
  });

  test("executeSQLUpdate returns rowsUpdated", async () => {
    const up = fakeUpstream(() => axlResponse("executeSQLUpdate", "<rowsUpdated>3</rowsUpdated>"));
    expect(await executeSqlUpdate(client(up).c, target, "update device set description = 'x'")).toBe(3);
  });

  test("list* pages with skip/first until a short page, and reports a cap", async () => {
    const phones = (n: number) =>
      Array.from({ length: n }, (_, i) => `<phone uuid="{${i}}"><name>SEP${i}</name></phone>`).join("");
    const up = fakeUpstream(
      () => axlResponse("listPhone", phones(2)),
      () => axlResponse("listPhone", phones(2)),
      () => axlResponse("listPhone", phones(1)),
    );
    const { c } = client(up);
    const payload = { searchCriteria: { name: "%" }, returnedTags: { name: "" } };
    const res = await listAll(c, target, "listPhone", payload, { pageSize: 2 });
    expect(res).toMatchObject({ truncated: false, requests: 3 });
    expect(res.items).toHaveLength(5);
    expect(up.requests[1]?.body).toContain("</returnedTags><skip>2</skip><first>2</first></ns:listPhone>");

    const capped = fakeUpstream(() => axlResponse("listPhone", phones(2)));
    const r2 = await listAll(client(capped).c, target, "listPhone", payload, { pageSize: 2, cap: 3 });
    expect(r2).toMatchObject({ truncated: true });
    expect(r2.items).toHaveLength(3);

    const one = fakeUpstream(() => axlResponse("listPhone", phones(1)));
    expect((await listAll(client(one).c, target, "listPhone", payload)).items).toHaveLength(1);
    const none = fakeUpstream(() => axlResponse("listPhone", ""));
    expect((await listAll(client(none).c, target, "listPhone", payload)).items).toEqual([]);
  });
});

describe("transient failures", () => {
  test("a read survives one dropped connection or cut answer; a write reports an unknown outcome", async () => {
    const drop = () => {
      throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    };
    const up = fakeUpstream(drop, () =>
      axlResponse("getCCMVersion", "<componentVersion><version>15</version></componentVersion>"),
    );
    const { c } = client(up);
    await c.call(target, "getCCMVersion", {});
    expect(up.requests).toHaveLength(2);

    const cut = fakeUpstream(
      () => new Response("<?xml version='1.0'?><soapenv:Envelope xmlns:soapenv='x'><soapenv:Body><ns:getPho"),
      () => axlResponse("getPhone", "<phone><name>A</name></phone>"),
    );
    await client(cut).c.call(target, "getPhone", { name: "A" });
    expect(cut.requests).toHaveLength(2);

    const w = fakeUpstream(drop);
    const err = (await client(w)
      .c.call(target, "addPhone", { phone: {} })
      .catch((e) => e)) as ProtocolError;
    expect(err.code).toBe("UPSTREAM_UNREACHABLE");
    expect(err.details.outcomeUnknown).toBe(true);
    expect(w.requests).toHaveLength(1);

    const tls = fakeUpstream(() => {
      throw Object.assign(new Error("unable to verify the first certificate"), {
        code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      });
    });
    const e2 = (await client(tls)
      .c.call(target, "getPhone", {})
      .catch((e) => e)) as ProtocolError;
    expect(e2.details["tls"]).toBe(true);
    expect(e2.hint).toContain("SSL_CA_BUNDLE");
    expect(tls.requests).toHaveLength(1);
  });
});

describe("connections to a node", () => {
  test("concurrent calls to one node wait for a slot, so no more than the limit are in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const up = fakeUpstream(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await Bun.sleep(2);
      inFlight--;
      return axlResponse("getPhone", "<phone><name>A</name></phone>");
    });
    const { c } = client(up, { gate: createUpstreamGate(3) });
    const answers = await Promise.all(Array.from({ length: 12 }, () => c.call(target, "getPhone", { name: "A" })));
    expect(answers.map((a) => axlReturn(a))).toEqual(Array.from({ length: 12 }, () => ({ phone: { name: "A" } })));
    expect(up.requests).toHaveLength(12);
    expect(most).toBe(3);
  });
});
