import { describe, expect, test } from "bun:test";
import pino from "pino";
import * as v from "valibot";
import { contextFixture } from "../../test/support/tool-context.ts";
import type { Principal } from "../auth/principal.ts";
import { ProtocolError } from "../protocols/errors.ts";
import { createRateLimiter } from "../ratelimit/sliding-window.ts";
import { parseProfileText } from "../rbac/profile-schema.ts";
import { VaultTamperError } from "../vault/vault-crypto.ts";
import { dispatch } from "./dispatch.ts";
import { AxlFaultError } from "./errors.ts";
import { type AnyTool, defineTool, toolResult } from "./tool.ts";

const principal: Principal = {
  clientName: "alice",
  subject: "s",
  profile: "p",
  tokenKind: "jwt",
  tokenId: "j",
  expiresAt: 0,
};
const parsed = parseProfileText(
  JSON.stringify({ product_scope: ["cucm"], cucm: { axl: { rate_limit: 2, allowed_prefixes: ["get"] } } }),
  true,
);
if (!parsed.ok) throw new Error("profile");
const profile = parsed.profile;

function run(tool: AnyTool, args: unknown, signal = new AbortController().signal) {
  const events: Array<Record<string, unknown>> = [];
  const deps = {
    limiter: createRateLimiter({ now: () => 0 }),
    audit: { event: (t: string, f: Record<string, unknown> = {}) => events.push({ event: t, ...f }) },
    logger: pino({ level: "silent" }),
    context: () => contextFixture(profile).context(signal),
  };
  return { events, result: dispatch(deps, tool, args, principal, profile, { signal, progress: async () => {} }) };
}

const throwing = (error: unknown) =>
  defineTool({
    name: "test_throw",
    description: "throws",
    input: v.object({}),
    annotations: { readOnlyHint: true },
    handler: async () => {
      throw error;
    },
  });

describe("dispatch error mapping", () => {
  test("a ProtocolError is mapped once, from the tool's declared product and service", async () => {
    const auth = new ProtocolError("UPSTREAM_AUTH", "node refused the credentials", "fix them");
    const tool = { ...throwing(auth), product: "cucm", service: "os" } as AnyTool;
    const { result, events } = run(tool, {});
    const r = await result;
    expect(r.structuredContent?.error).toMatchObject({ code: "UpstreamAuthError" });
    expect(JSON.stringify(r.structuredContent?.error)).toContain("cucm_os_update_credentials");
    expect(events[0]).toMatchObject({ outcome: "UpstreamAuthError" });
  });

  test("a typed error keeps its code, hint and data", async () => {
    const { result, events } = run(throwing(new AxlFaultError(5007, "Item not valid")), {});
    const r = await result;
    expect(r.isError).toBe(true);
    expect(r.structuredContent?.error).toMatchObject({ code: "AxlFaultError", axlcode: 5007 });
    expect(events[0]).toMatchObject({ event: "tool.call", decision: "allowed", outcome: "AxlFaultError" });
  });

  test("an unexpected error leaks nothing but an InternalToolError", async () => {
    const r = await run(throwing(new Error("/secret/path password=hunter2")), {}).result;
    expect(r.structuredContent?.error).toMatchObject({ code: "InternalToolError" });
    expect(JSON.stringify(r)).not.toContain("hunter2");
  });

  test("a tampered vault file becomes CredentialsMissingError", async () => {
    const r = await run(throwing(new VaultTamperError("x")), {}).result;
    expect(r.structuredContent?.error).toMatchObject({ code: "CredentialsMissingError" });
  });

  test("a cancelled call ends as CancelledError", async () => {
    const controller = new AbortController();
    const tool = defineTool({
      name: "test_wait",
      description: "waits",
      input: v.object({}),
      annotations: { readOnlyHint: true },
      handler: async (_i, ctx) => {
        controller.abort();
        return ctx.signal.aborted ? toolResult("late") : toolResult("never");
      },
    });
    const r = await run(tool, {}, controller.signal).result;
    expect(r.structuredContent?.error).toMatchObject({ code: "CancelledError" });
  });

  test("out-of-scope product and missing rate section are refused before the handler", async () => {
    let ran = false;
    const tool = defineTool({
      name: "test_imp",
      description: "imp",
      input: v.object({}),
      annotations: { readOnlyHint: true },
      product: "imp",
      handler: async () => {
        ran = true;
        return toolResult("x");
      },
    });
    expect((await run(tool, {}).result).structuredContent?.error).toMatchObject({ code: "ProfilePermissionError" });
    const ssh = defineTool({ ...tool, name: "test_ssh", product: "cucm", bucket: "ssh" });
    expect((await run(ssh, {}).result).structuredContent?.error).toMatchObject({ code: "ProfilePermissionError" });
    expect(ran).toBe(false);
  });
});
