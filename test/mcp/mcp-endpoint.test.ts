/**
 * The MCP endpoint end to end over HTTPS, from source: JWT tokens from the auth layer, the SDK
 * 1.x client (2025 era) and the v2 client (2026-07-28 era) listing and calling tools, profile
 * filtering, credential tools against the vault, a denial and a rate-limit refusal as typed
 * isError results, and the audit lines they leave (without secrets).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from "@modelcontextprotocol/client";
import { type McpHarness, startMcpHarness } from "../support/mcp-harness.ts";

let h: McpHarness;
const PASSWORD = "Sup3r-Secret-Axl-Pw!";

beforeAll(async () => {
  h = await startMcpHarness("alice:sub-alice:admin,bob:sub-bob:auditor,olga:sub-olga:operator");
});
afterAll(async () => {
  await h.stop();
});

type Result = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
};
const errorCode = (r: Result) => (r.structuredContent?.error as { code?: string } | undefined)?.code;

describe("MCP over HTTPS with the 1.x client", () => {
  test("tools/list is filtered by profile: admin sees more than auditor", async () => {
    const alice = await h.v1("alice");
    const bob = await h.v1("bob");
    const adminTools = (await alice.listTools()).tools.map((t) => t.name);
    const auditorTools = (await bob.listTools()).tools.map((t) => t.name);
    expect(adminTools).toContain("cucm_delete_credentials");
    expect(adminTools).toContain("bridge_whoami");
    expect(auditorTools).toContain("cucm_list_credentials");
    expect(auditorTools).not.toContain("cucm_store_credentials");
    expect(adminTools.length).toBeGreaterThan(auditorTools.length);
    const store = (await alice.listTools()).tools.find((t) => t.name === "cucm_store_credentials");
    expect(store?.inputSchema.required).toEqual(expect.arrayContaining(["host", "username", "password"]));
    expect(store?.annotations?.readOnlyHint).toBeFalsy();
  });

  test("bridge_whoami answers for the authenticated client only", async () => {
    const bob = await h.v1("bob");
    const r = (await bob.callTool({ name: "bridge_whoami", arguments: {} })) as Result;
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ client: "bob", subject: "sub-bob", profile: "auditor" });
    const budget = r.structuredContent?.rateBudget as Record<string, { limit: number }>;
    expect(budget["cucm.axl"]?.limit).toBe(30);
    expect(budget["cucm.phone"]?.limit).toBe(5);
  });

  test("store, list and delete credentials; the password never comes back and never reaches a log", async () => {
    const alice = await h.v1("alice");
    const stored = (await alice.callTool({
      name: "cucm_store_credentials",
      arguments: { host: "CUCM-Pub.Lab.Example", username: "axladmin", password: PASSWORD },
    })) as Result;
    expect(stored.isError).toBeFalsy();
    const again = (await alice.callTool({
      name: "cucm_store_credentials",
      arguments: { host: "cucm-pub.lab.example", username: "x", password: "y" },
    })) as Result;
    expect(errorCode(again)).toBe("ConflictError");
    const listed = (await alice.callTool({ name: "cucm_list_credentials", arguments: {} })) as Result;
    expect(listed.structuredContent?.credentials).toEqual([
      expect.objectContaining({ host: "cucm-pub.lab.example", kind: "axl", username: "axladmin" }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(PASSWORD);
    const files = readdirSync(join(h.root, "clients", "alice", "secrets", "credentials"));
    expect(files).toEqual(["cucm-axl-cucm-pub.lab.example.json.enc"]);
    // Bob's vault is his own: he sees nothing of Alice's.
    const bob = await h.v1("bob");
    const bobList = (await bob.callTool({ name: "cucm_list_credentials", arguments: {} })) as Result;
    expect(bobList.structuredContent?.credentials).toEqual([]);
    const deleted = (await alice.callTool({
      name: "cucm_delete_credentials",
      arguments: { host: "cucm-pub.lab.example" },
    })) as Result;
    expect(deleted.isError).toBeFalsy();
    const logs = readdirSync(join(h.root, "logs"))
      .map((f) => readFileSync(join(h.root, "logs", f), "utf8"))
      .join("\n");
    expect(logs).not.toContain(PASSWORD);
    expect(
      h
        .audit()
        .filter((e) => e.event === "credential.changed")
        .map((e) => e.action),
    ).toEqual(["stored", "deleted"]);
  });

  test("a restricted tool is refused with ProfilePermissionError and audited", async () => {
    const olga = await h.v1("olga");
    const r = (await olga.callTool({ name: "cucm_delete_credentials", arguments: { host: "cucm1" } })) as Result;
    expect(r.isError).toBe(true);
    expect(errorCode(r)).toBe("ProfilePermissionError");
    expect(r.content[0]?.text).toContain("Hint:");
    const line = h
      .audit()
      .find((e) => e.event === "tool.call" && e.tool === "cucm_delete_credentials" && e.client === "olga");
    expect(line).toMatchObject({ decision: "denied", outcome: "ProfilePermissionError" });
  });

  test("bad input is a ValidationError naming the field", async () => {
    const alice = await h.v1("alice");
    const r = (await alice.callTool({
      name: "cucm_store_credentials",
      arguments: { host: "a/../b", username: "u", password: "p" },
    })) as Result;
    expect(errorCode(r)).toBe("ValidationError");
    expect(JSON.stringify(r.structuredContent)).toContain("host");
  });

  test("an unauthenticated request never reaches MCP", async () => {
    const res = await h.fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(res.status).toBe(401);
  });

  test("the caller's profile is a resource", async () => {
    const bob = await h.v1("bob");
    const list = await bob.listResources();
    expect(list.resources.map((r) => r.uri)).toContain("bridge://profile");
    const read = await bob.readResource({ uri: "bridge://profile" });
    expect(JSON.parse(String((read.contents[0] as { text: string }).text))).toMatchObject({ name: "auditor" });
  });
});

describe("MCP with the v2 client in 2026 mode", () => {
  test("lists tools and calls bridge_whoami in the modern era", async () => {
    const client = new ClientV2(
      { name: "v2-test", version: "1.0.0" },
      { versionNegotiation: { mode: { pin: "2026-07-28" } } },
    );
    const transport = new TransportV2(new URL(h.url), {
      fetch: h.fetch,
      requestInit: { headers: { authorization: `Bearer ${h.token("alice")}` } },
    });
    await client.connect(transport);
    try {
      expect(client.getProtocolEra()).toBe("modern");
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toContain("bridge_whoami");
      const r = (await client.callTool({ name: "bridge_whoami", arguments: {} })) as Result;
      expect(r.structuredContent).toMatchObject({ client: "alice", profile: "admin" });
    } finally {
      await client.close();
    }
  });
});
