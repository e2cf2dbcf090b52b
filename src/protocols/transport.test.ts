import { expect, test } from "bun:test";
import { fakeUpstream } from "../../test/support/fake-upstream.ts";
import type { ProtocolError } from "./errors.ts";
import { basicAuth, httpRequest } from "./http.ts";
import { buildFetchTls, PHONE_TLS } from "./tls.ts";

const req = { url: "https://h/", method: "GET" as const, headers: {}, timeoutMs: 1000, maxBytes: 10, host: "h" };

test("answers over the size cap are refused, declared or streamed", async () => {
  const declared = fakeUpstream(() => new Response("x".repeat(5), { headers: { "content-length": "50" } }));
  expect(((await httpRequest(declared.fetch, req).catch((e) => e)) as ProtocolError).code).toBe("UPSTREAM_TOO_LARGE");
  const streamed = fakeUpstream(() => new Response("y".repeat(11)));
  expect(((await httpRequest(streamed.fetch, req).catch((e) => e)) as ProtocolError).code).toBe("UPSTREAM_TOO_LARGE");
  const ok = fakeUpstream(() => new Response("z".repeat(10)));
  expect((await httpRequest(ok.fetch, req)).body.byteLength).toBe(10);
  // Read in one piece when the length is declared: the bytes are checked against the cap too.
  const understated = fakeUpstream(() => new Response("w".repeat(11), { headers: { "content-length": "4" } }));
  expect(((await httpRequest(understated.fetch, req).catch((e) => e)) as ProtocolError).code).toBe(
    "UPSTREAM_TOO_LARGE",
  );
  const exact = fakeUpstream(() => new Response("v".repeat(10), { headers: { "content-length": "10" } }));
  expect(new TextDecoder().decode((await httpRequest(exact.fetch, req)).body)).toBe("v".repeat(10));
  // A compressed body is counted chunk by chunk, whatever length it declares.
  const compressed = fakeUpstream(
    () => new Response("u".repeat(11), { headers: { "content-length": "3", "content-encoding": "gzip" } }),
  );
  expect(((await httpRequest(compressed.fetch, req).catch((e) => e)) as ProtocolError).code).toBe("UPSTREAM_TOO_LARGE");
});

test("a caller's cancellation is reported as such, not as a timeout", async () => {
  const ac = new AbortController();
  const hang = (_u: string, init: { signal: AbortSignal }) =>
    new Promise<Response>((_, reject) => init.signal.addEventListener("abort", () => reject(new Error("aborted"))));
  const p = httpRequest(hang, { ...req, timeoutMs: 60_000, signal: ac.signal });
  ac.abort();
  const err = (await p.catch((e) => e)) as ProtocolError;
  expect(err.code).toBe("CANCELLED");
  expect(err.details.outcomeUnknown).toBe(true);
});

test("TLS policy: verify with or without a CA bundle, off on request, phones never verified", () => {
  const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  const read = (p: string) => (p === "/ca.pem" ? pem : "not a pem");
  expect(buildFetchTls({ verify: true, caBundlePath: "" }, read)).toEqual({ rejectUnauthorized: true });
  expect(buildFetchTls({ verify: true, caBundlePath: "/ca.pem" }, read)).toEqual({ rejectUnauthorized: true, ca: pem });
  expect(buildFetchTls({ verify: false, caBundlePath: "/ca.pem" }, read)).toEqual({ rejectUnauthorized: false });
  expect(() => buildFetchTls({ verify: true, caBundlePath: "/other" }, read)).toThrow("SSL_CA_BUNDLE");
  expect(PHONE_TLS.rejectUnauthorized).toBe(false);
  expect(basicAuth("u", "p")).toBe(`Basic ${btoa("u:p")}`);
});
