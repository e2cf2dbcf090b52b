/**
 * Upstream redirects are reported, not followed: an AXL node (a real HTTPS listener here) that
 * answers 307 to another host, or 302 to plain HTTP, gets a clear error naming the Location, and
 * the redirect target never sees a request, so neither the credentials nor the SOAP body go there.
 */
import { afterAll, expect, test } from "bun:test";
import { toToolError } from "../../src/mcp/protocol-errors.ts";
import { createAxlClient } from "../../src/protocols/axl/client.ts";
import { ProtocolError } from "../../src/protocols/errors.ts";
import { throwawayTls } from "../support/lab-fixtures.ts";

const tls = throwawayTls(["127.0.0.1"]);
let targetHits = 0;
const target = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  tls: { cert: tls.certPem, key: tls.keyPem },
  fetch() {
    targetHits++;
    return new Response("<x/>");
  },
});
const plainTarget = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch() {
    targetHits++;
    return new Response("<x/>");
  },
});
let location = "";
const redirecting = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  tls: { cert: tls.certPem, key: tls.keyPem },
  fetch: () => new Response(null, { status: location.startsWith("http:") ? 302 : 307, headers: { location } }),
});
afterAll(() => {
  for (const s of [target, plainTarget, redirecting]) s.stop(true);
});

const client = createAxlClient({
  fetch: (url, init) => fetch(url, init as RequestInit),
  sleep: async () => {},
  random: Math.random,
});
const call = (operation: string) =>
  client.call(
    {
      host: "127.0.0.1",
      port: redirecting.port as number,
      username: "axl",
      password: "Never-Forwarded-1",
      timeoutMs: 5_000,
      tls: { rejectUnauthorized: true, ca: tls.caPem },
    },
    operation,
    { sql: "update device set description = 'x'" },
  );

test("a 307 to another host (a re-POSTed SOAP write) and a 302 to plain HTTP are refused, naming the Location", async () => {
  for (const to of [`https://127.0.0.1:${target.port}/axl/`, `http://127.0.0.1:${plainTarget.port}/axl/`]) {
    location = to;
    const err = await call("executeSQLUpdate").catch((e) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).message).toContain(to);
    expect((err as ProtocolError).message).toContain("does not follow redirects");
    const mapped = toToolError(err, { product: "cucm", service: "axl" });
    expect(mapped.message).toContain(to);
  }
  expect(targetHits).toBe(0);
});
