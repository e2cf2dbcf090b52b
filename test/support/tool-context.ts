/**
 * Test support: run a tool in memory, with no HTTPS server, through the real dispatch (RBAC,
 * validation, the ProtocolError mapping, one audit line). The caller's context is built from a
 * profile, an in-memory vault and a recording audit log; the modules come from the real
 * composition root (src/appliance/modules.ts) with the side effects a test injects (usually a
 * scripted `fetch` from fake-upstream.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createModules, type ModuleInjections } from "../../src/appliance/modules.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { parseConfigText } from "../../src/config/load.ts";
import { dispatch } from "../../src/mcp/dispatch.ts";
import type { CallResult } from "../../src/mcp/sdk.ts";
import type { AnyTool, ToolContext } from "../../src/mcp/tool.ts";
import type { CredentialKind, Product } from "../../src/modules/uc/products.ts";
import { createRateLimiter } from "../../src/ratelimit/sliding-window.ts";
import { type Profile, parseProfileText } from "../../src/rbac/profile-schema.ts";
import type { Credential, CredentialSummary, ScopedVault } from "../../src/vault/vault.ts";

/** A vault held in a Map: same contract as the real one, nothing on disk. */
function memoryVault(client = "alice"): ScopedVault {
  const items = new Map<string, Credential & { product: Product; kind: CredentialKind; host: string }>();
  const key = (p: string, k: string, h: string) => `${p}/${k}/${h}`;
  return {
    client,
    get: (p, k, h) => items.get(key(p, k, h)),
    put(p, k, h, c) {
      items.set(key(p, k, h), { ...c, product: p, kind: k, host: h, updatedAt: new Date(0).toISOString() });
    },
    remove: (p, k, h) => items.delete(key(p, k, h)),
    list: (p) =>
      [...items.values()]
        .filter((c) => p === undefined || c.product === p)
        .map(
          (c): CredentialSummary => ({
            product: c.product,
            kind: c.kind,
            host: c.host,
            username: c.username,
            updatedAt: c.updatedAt,
            readable: true,
            ...(c.port === undefined ? {} : { port: c.port }),
          }),
        ),
  };
}

/** A built-in profile by name (profiles/_default/<name>.json). */
export async function builtInProfile(name: string): Promise<Profile> {
  const text = await Bun.file(join(import.meta.dir, "../../profiles/_default", `${name}.json`)).text();
  const parsed = parseProfileText(text, true);
  if (!parsed.ok) throw new Error(`profile ${name}: ${parsed.problems.join("; ")}`);
  return parsed.profile;
}

/** One in-memory caller with its recorded audit events. */
export interface ContextFixture {
  principal: Principal;
  profile: Profile;
  vault: ScopedVault;
  events: Array<Record<string, unknown>>;
  context(signal?: AbortSignal): ToolContext;
}

/** A caller `client` with `profile`, an empty in-memory vault and a recording audit log. */
export function contextFixture(profile: Profile, client = "alice"): ContextFixture {
  const principal: Principal = {
    clientName: client,
    subject: `sub-${client}`,
    profile: "test",
    tokenKind: "jwt",
    tokenId: "jti-test",
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  };
  const events: Array<Record<string, unknown>> = [];
  const vault = memoryVault(client);
  return {
    principal,
    profile,
    vault,
    events,
    context: (signal = new AbortController().signal) => ({
      principal,
      profile,
      signal,
      progress: async () => {},
      logger: pino({ level: "silent" }),
      audit: { event: (type, fields = {}) => events.push({ event: type, ...fields }) },
      vault,
      allowedTools: () => [],
      budget: () => ({}),
      takeBudget: () => true,
    }),
  };
}

/** Calls `tool` as the fixture's caller through the real dispatch; returns the MCP result. */
export function callInMemory(fixture: ContextFixture, tool: AnyTool, args: unknown): Promise<CallResult> {
  const signal = new AbortController().signal;
  const ctx = fixture.context(signal);
  return dispatch(
    { limiter: createRateLimiter({ now: () => 0 }), audit: ctx.audit, logger: ctx.logger, context: () => ctx },
    tool,
    args,
    fixture.principal,
    fixture.profile,
    { signal, progress: async () => {} },
  );
}

/** The modules built by the real composition root over a default configuration in a temp root. */
export function inMemoryModules(inject: ModuleInjections, env = "") {
  const root = mkdtempSync(join(tmpdir(), "aib-modules-"));
  const { config } = parseConfigText(env, root);
  const modules = createModules(
    { config, logger: pino({ level: "silent" }), secretsDir: join(root, "secrets"), clientsDir: join(root, "clients") },
    { retrySleep: async () => {}, ...inject },
  );
  const tool = (name: string): AnyTool => {
    const found = modules.flatMap((m) => m.tools).find((t) => t.name === name);
    if (found === undefined) throw new Error(`no tool ${name}`);
    return found;
  };
  return { modules, tool, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
