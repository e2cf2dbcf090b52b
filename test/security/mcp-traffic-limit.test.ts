/**
 * All MCP traffic is rate-limited per client, against the compiled binary: with a profile allowing
 * 5 MCP requests a minute, `tools/list` (not a tool call), `ping` and a denied tool call all count;
 * the 6th request gets 429 with Retry-After; one `rate.limited` audit line is written for the
 * burst, not one per refusal; another client is not affected.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BinaryServer, mcpStatus, startBinaryServer } from "../support/binary-server.ts";

let server: BinaryServer;
beforeAll(async () => {
  server = await startBinaryServer({ AUTH_MODE: "jwt", AUTH_CLIENTS: "alice:sub-alice:admin" });
  const admin = JSON.parse(readFileSync(join(server.root, "profiles", "_default", "admin.json"), "utf8"));
  const tight = { ...admin, common: { ...admin.common, mcp: { rate_limit: 5 } } };
  writeFileSync(join(server.root, "profiles", "tight.json"), JSON.stringify(tight, null, 2));
  await server.restart({ AUTH_CLIENTS: "alice:sub-alice:admin,bob:sub-bob:tight" });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

async function rpc(token: string, method: string, params: Record<string, unknown> = {}) {
  const res = await server.fetch(`${server.issuer}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  await res.arrayBuffer();
  return res;
}

test("every JSON-RPC method counts; the 6th request in a minute is refused with 429; one audit line", async () => {
  const bob = server.read("bob", ".token");
  const statuses: number[] = [];
  statuses.push((await rpc(bob, "tools/list")).status);
  statuses.push((await rpc(bob, "ping")).status);
  statuses.push((await rpc(bob, "tools/call", { name: "no_such_tool", arguments: {} })).status);
  statuses.push((await rpc(bob, "tools/list")).status);
  statuses.push((await rpc(bob, "tools/list")).status);
  expect(statuses.every((s) => s === 200)).toBe(true);
  const refused = await rpc(bob, "tools/list");
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  for (let i = 0; i < 10; i++) expect((await rpc(bob, "ping")).status).toBe(429);
  const lines = server.audit().filter((e) => e.event === "rate.limited" && e.client === "bob");
  expect(lines.length).toBe(1);
  expect(lines[0]).toMatchObject({ surface: "mcp", limit: 5 });
  // Another client has its own budget (the admin profile's generous default).
  expect(await mcpStatus(server, server.read("alice", ".token"))).toBe(200);
}, 60_000);
