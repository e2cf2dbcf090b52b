/**
 * CUPI over real HTTPS: the handler behind Bun.serve on a random loopback address with a
 * throwaway CA, called with fetch as the bridge's CUPI client will (JSON and XML).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createCupiHandler } from "../../src/lab/cuc/cupi.ts";
import { basicAuthHeader } from "../../src/lab/ris/basic-auth.ts";
import { labNodes, randomLoopback, testKnobs, throwawayTls } from "../support/lab-fixtures.ts";

const CREDS = { username: "cucadmin", password: "Cuc-lab-pass-5" };
const ip = randomLoopback();
const tls = throwawayTls([ip]);
const knobs = testKnobs();
const server = Bun.serve({
  hostname: ip,
  port: 0,
  tls: { cert: tls.certPem, key: tls.keyPem },
  fetch: createCupiHandler({ node: { ...labNodes()[3]!, ip }, credentials: CREDS, knobs, dataSet: "small", seed: 3 }),
});
afterAll(() => server.stop(true));

function get(path: string, accept = "application/json"): Promise<Response> {
  return fetch(`https://${ip}:${server.port}${path}`, {
    // A fresh connection per request: fetch silently retries a GET whose reused connection drops.
    headers: { authorization: basicAuthHeader(CREDS), accept, connection: "close" },
    tls: { ca: tls.caPem },
  } as RequestInit);
}

describe("CUPI over HTTPS", () => {
  test("JSON list, XML list, and a knob-driven connection reset", async () => {
    const users = await (await get("/vmrest/users?rowsPerPage=3")).json();
    expect(users["@total"]).toBe("14");
    expect(users.User.length).toBe(3);
    const xml = await (await get("/vmrest/distributionlists", "application/xml")).text();
    expect(xml).toStartWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><DistributionLists total="5">');
    knobs.set({ resetCount: 1 });
    await expect(get("/vmrest/users").then((r) => r.text())).rejects.toThrow();
    expect((await get("/vmrest/version/product")).status).toBe(200);
  });
});
