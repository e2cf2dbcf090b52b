/**
 * The CUPI client against the lab's Unity Connection over real TLS: paging by @total,
 * single-object answers as lists, create/update/delete and typed errors.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { type CupiTarget, createCupiClient } from "../../src/protocols/cupi/client.ts";
import { decodeCollection } from "../../src/protocols/cupi/decode.ts";
import type { ProtocolError } from "../../src/protocols/errors.ts";
import { recordingFetch } from "../support/lab-fetch.ts";
import { startTestLab } from "../support/lab-harness.ts";

let lab: LabHandle;
let cleanup: () => Promise<void>;
let target: CupiTarget;

beforeAll(async () => {
  ({ lab, cleanup } = await startTestLab());
  const cuc = lab.nodes.find((n) => n.product === "cuc")!;
  target = {
    host: cuc.ip,
    port: cuc.httpsPort,
    username: lab.credentials.cupi.username,
    password: lab.credentials.cupi.password,
    timeoutMs: 10_000,
    tls: { rejectUnauthorized: true, ca: lab.caCertPem },
  };
});
afterAll(() => cleanup());

const client = () => createCupiClient({ fetch: recordingFetch().fetch, sleep: async () => {}, random: () => 0 });

test("lists every user across pages and a single match as a list", async () => {
  const c = client();
  const all = await c.list(target, "users", { rowsPerPage: 5 });
  expect(all.items).toHaveLength(all.total);
  expect(all.requests).toBe(Math.ceil(all.total / 5));
  const one = await c.request(target, { method: "GET", path: "users", query: { query: "(alias is operator)" } });
  const page = decodeCollection(one.data);
  expect(page.items).toHaveLength(1);
  expect(page.items[0]?.["Alias"]).toBe("operator");
});

test("create, read, update, delete a user; errors are typed", async () => {
  const c = client();
  const created = await c.request(target, {
    method: "POST",
    path: "users",
    query: { templateAlias: "voicemailusertemplate" },
    body: { Alias: "bridge-test", DtmfAccessId: "5678" },
  });
  expect(created.status).toBe(201);
  const uri = created.location!;
  expect(uri).toStartWith("/vmrest/users/");
  expect(((await c.request(target, { method: "GET", path: uri })).data as Record<string, string>)["Alias"]).toBe(
    "bridge-test",
  );
  expect((await c.request(target, { method: "PUT", path: uri, body: { DisplayName: "Bridge Test" } })).status).toBe(
    204,
  );
  expect((await c.request(target, { method: "DELETE", path: uri })).status).toBe(204);
  const gone = (await c.request(target, { method: "GET", path: uri }).catch((e) => e)) as ProtocolError;
  expect(gone).toMatchObject({ code: "UPSTREAM_HTTP", details: { status: 404 } });
  const bad = (await c
    .request(target, { method: "GET", path: "users", query: { query: "(alias like x)" } })
    .catch((e) => e)) as ProtocolError;
  expect(bad.details.status).toBe(400);
  const denied = (await c
    .request({ ...target, password: "wrong" }, { method: "GET", path: "users" })
    .catch((e) => e)) as ProtocolError;
  expect(denied.code).toBe("UPSTREAM_AUTH");
});
