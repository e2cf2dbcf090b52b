import { expect, test } from "bun:test";
import { httpRequest } from "./http.ts";
import { createUpstreamGate } from "./upstream-gate.ts";

test("at most `limit` in flight per origin; waiters get their slot in arrival order", async () => {
  const gate = createUpstreamGate(2);
  const a = await gate.acquire("https://n1:8443");
  const b = await gate.acquire("https://n1:8443");
  const order: string[] = [];
  const queued = (name: string) =>
    gate.acquire("https://n1:8443").then((release) => {
      order.push(name);
      return release;
    });
  const c = queued("c");
  const d = queued("d");
  // Another origin is not held up by n1.
  const other = await gate.acquire("https://n2:8443");
  await Bun.sleep(1);
  expect(order).toEqual([]);
  b();
  b(); // a second release of the same slot changes nothing
  await Bun.sleep(1);
  expect(order).toEqual(["c"]);
  a();
  await Bun.sleep(1);
  expect(order).toEqual(["c", "d"]);
  (await c)();
  (await d)();
  other();
  // Every slot is back: two at once again without waiting.
  const e = await gate.acquire("https://n1:8443");
  const f = await gate.acquire("https://n1:8443");
  e();
  f();
});

test("a waiter whose signal aborts leaves the queue and never takes a slot", async () => {
  const gate = createUpstreamGate(1);
  const held = await gate.acquire("o");
  const ac = new AbortController();
  const waiting = gate.acquire("o", ac.signal);
  const next = gate.acquire("o");
  ac.abort(new Error("timeout"));
  expect(((await waiting.catch((e) => e)) as Error).message).toBe("timeout");
  held();
  const release = await next;
  release();
  expect(() => createUpstreamGate(0)).toThrow("positive integer");
});

test("httpRequest holds the slot until the body is read, and a wait past the timeout is UPSTREAM_TIMEOUT", async () => {
  const gate = createUpstreamGate(1);
  let inFlight = 0;
  let most = 0;
  const fetch = async () => {
    inFlight++;
    most = Math.max(most, inFlight);
    const body = new ReadableStream({
      async pull(c) {
        await Bun.sleep(5);
        c.enqueue(new TextEncoder().encode("ok"));
        c.close();
        inFlight--;
      },
    });
    return new Response(body);
  };
  const req = { url: "https://n1:8443/axl/", method: "POST" as const, headers: {}, maxBytes: 100, host: "n1", gate };
  const answers = await Promise.all([1, 2, 3].map(() => httpRequest(fetch, { ...req, timeoutMs: 5000 })));
  expect(answers.map((a) => new TextDecoder().decode(a.body))).toEqual(["ok", "ok", "ok"]);
  expect(most).toBe(1);
  const held = await gate.acquire("https://n1:8443");
  const late = await httpRequest(fetch, { ...req, timeoutMs: 20 }).catch((e) => e);
  expect(late.code).toBe("UPSTREAM_TIMEOUT");
  held();
});
