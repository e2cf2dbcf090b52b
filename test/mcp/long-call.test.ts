/**
 * Bun's idle timeout must not kill a long tool call (Bun's default would cut a quiet request after
 * 10 s; ours is 120 s and the MCP route lifts it per request). Shown with the listener's idle
 * timeout cut to 1 s and a tool that stays silent for 2.5 s, next to a control route on a plain
 * listener that is cut off under the same timeout, so the test would notice a regression.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import * as v from "valibot";
import { applianceLayers } from "../../src/appliance/layers.ts";
import type { App } from "../../src/http/app.ts";
import { startHttpsServer } from "../../src/http/server.ts";
import { defineTool, toolResult } from "../../src/mcp/tool.ts";
import { ensureApplianceCa } from "../../src/tls/appliance-ca.ts";
import { ensureServerCertificate } from "../../src/tls/certificate.ts";
import { sansFor } from "../../src/tls/san.ts";
import { type McpHarness, startMcpHarness } from "../support/mcp-harness.ts";

// Bun's listener checks idle connections on a 4 s tick, so a 1 s idle timeout cuts a silent
// connection somewhere between 1 and 5 s; a silence beyond two ticks is cut every time.
const SILENCE_MS = 9_000;
const slowModule = {
  name: "test",
  tools: [
    defineTool({
      name: "test_silent_wait",
      description: "Waits without sending anything (test only).",
      input: v.object({}),
      annotations: { readOnlyHint: true },
      handler: async () => {
        await Bun.sleep(SILENCE_MS);
        return toolResult("awake");
      },
    }),
  ],
};

let h: McpHarness;
beforeAll(async () => {
  h = await startMcpHarness("a:sub-a:admin", {}, applianceLayers({ modules: () => [slowModule] }), undefined, 1);
});
afterAll(async () => {
  await h.stop();
});

describe("long calls and the idle timeout", () => {
  test("a tool silent for longer than the idle timeout still answers", async () => {
    const res = await fetch(h.url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${h.token("a")}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "test_silent_wait", arguments: {} },
      }),
      tls: { ca: h.ca },
    } as RequestInit);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("awake");
  }, 30_000);

  test("control: the same silence on an ordinary route is cut off by the 1 s idle timeout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "idle-"));
    const cert = ensureServerCertificate({
      certPath: join(dir, "c.crt"),
      keyPath: join(dir, "c.key"),
      ca: ensureApplianceCa({ certPath: join(dir, "ca.crt"), keyPath: join(dir, "ca.key"), label: "idle" }),
      sans: sansFor(["127.0.0.1:*"]),
      commonName: "idle",
    });
    const app = new Hono() as unknown as App;
    app.get("/slow", async (c) => {
      await Bun.sleep(SILENCE_MS);
      return c.text("awake");
    });
    const server = startHttpsServer({ app, hostname: "127.0.0.1", port: 0, tls: cert, idleTimeoutSeconds: 1 });
    try {
      const outcome = await fetch(`https://127.0.0.1:${server.port}/slow`, { tls: { ca: cert.certPem } }).then(
        async (r) => `answered ${r.status} ${await r.text()}`,
        () => "cut off",
      );
      expect(outcome).toBe("cut off");
    } finally {
      await server.stop(100);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
