/**
 * Toolsets: what tools/list shows a caller. Every tool a host lists sits in the model's context
 * on every turn, so tools/list shows the core tools (the product's catalogue: credentials,
 * versions, AXL, RIS, VOS CLI, CUPI, reports, the bridge's own) and, beside them, only the extra
 * toolsets the caller has switched on with `bridge_toolsets`. Listing is a context budget, not a
 * permission: a tool the profile allows can be called whether or not it is listed, and a toolset
 * never lists a tool the profile denies (docs/profiles.md, "Toolsets").
 *
 * The choice is kept per client in `clients/<name>/toolsets.json`, so it survives restarts and
 * applies to every token of the client.
 */
import { existsSync, readFileSync } from "node:fs";
import * as v from "valibot";
import { writeFileAtomic } from "../fs/atomic.ts";
import type { Profile } from "../rbac/profile-schema.ts";
import { defineTool, toolResult } from "./tool.ts";

/** The extra toolsets and what each holds, in the words the agent sees. */
export const TOOLSETS = {
  serviceability: "service status and control, PerfMon, certificates, DRF, trace levels, CTI status",
  logs: "trace files, downloads, SIP ladders, packet captures, CDR calls",
} as const;

/** The name of an extra toolset; a tool without one is core and always listed. */
export type Toolset = keyof typeof TOOLSETS;

const TOOLSET_NAMES = Object.keys(TOOLSETS) as Toolset[];

/** Which extra toolsets each client has switched on. */
export interface ToolsetStore {
  enabled(client: string): ReadonlySet<Toolset>;
  /** Replaces the client's choice; written atomically before it takes effect. */
  set(client: string, toolsets: Iterable<Toolset>): ReadonlySet<Toolset>;
}

/**
 * A store that keeps each client's choice in `fileFor(client)` (read once, then cached); without
 * `fileFor` the choice lives in memory only (tests, embedded use).
 */
export function createToolsetStore(fileFor?: (client: string) => string): ToolsetStore {
  const cache = new Map<string, ReadonlySet<Toolset>>();
  const load = (client: string): ReadonlySet<Toolset> => {
    const file = fileFor?.(client);
    if (file === undefined || !existsSync(file)) return new Set();
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as { enabled?: unknown };
      const names = Array.isArray(parsed.enabled) ? parsed.enabled : [];
      // A toolset this version no longer has is dropped rather than refused.
      return new Set(names.filter((n): n is Toolset => TOOLSET_NAMES.includes(n as Toolset)));
    } catch {
      // A damaged file lists the core tools only; the next change rewrites it whole.
      return new Set();
    }
  };
  return {
    enabled(client) {
      let set = cache.get(client);
      if (set === undefined) {
        set = load(client);
        cache.set(client, set);
      }
      return set;
    },
    set(client, toolsets) {
      const set: ReadonlySet<Toolset> = new Set([...toolsets].sort());
      const file = fileFor?.(client);
      if (file !== undefined) writeFileAtomic(file, `${JSON.stringify({ enabled: [...set] }, null, 2)}\n`);
      cache.set(client, set);
      return set;
    },
  };
}

/** What `bridge_toolsets` needs from the MCP service. */
export interface ToolsetsToolDeps {
  store: ToolsetStore;
  /** The tools of each extra toolset that the caller's profile allows. */
  allowedIn(profile: Profile): Record<Toolset, string[]>;
}

const toolsetName = v.picklist(TOOLSET_NAMES, `a toolset is one of: ${TOOLSET_NAMES.join(", ")}`);

/** `bridge_toolsets`: shows the extra toolsets and switches them on or off for the caller's client. */
export function toolsetsTool(deps: ToolsetsToolDeps) {
  return defineTool({
    name: "bridge_toolsets",
    title: "Toolsets",
    description: `Lists more tools: ${TOOLSET_NAMES.map((n) => `${n} (${TOOLSETS[n]})`).join("; ")}. No arguments: what is on.`,
    input: v.object({
      enable: v.optional(v.array(toolsetName)),
      disable: v.optional(v.array(toolsetName)),
    }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    answer: { textIncludesData: true },
    output: v.object({ toolsets: v.array(v.unknown()) }),
    action: (input) => ({ enable: input.enable, disable: input.disable }),
    async handler(input, ctx) {
      const client = ctx.principal.clientName;
      const before = deps.store.enabled(client);
      const next = new Set(before);
      for (const n of input.enable ?? []) next.add(n);
      for (const n of input.disable ?? []) next.delete(n);
      const changed = next.size !== before.size || [...next].some((n) => !before.has(n));
      const now = changed ? deps.store.set(client, next) : before;
      // The choice is saved either way; the notification is a courtesy a host may not take.
      if (changed) await ctx.toolsChanged?.().catch(() => undefined);
      const allowed = deps.allowedIn(ctx.profile);
      const toolsets = TOOLSET_NAMES.map((name) => ({
        name,
        enabled: now.has(name),
        holds: TOOLSETS[name],
        tools: allowed[name],
      }));
      const lines = toolsets.map((t) =>
        t.tools.length === 0
          ? `${t.name}: your profile allows none of its tools`
          : `${t.name}: ${t.enabled ? "on" : "off"}; ${t.tools.join(", ")}`,
      );
      const note = changed
        ? "Your tool list changed: hosts that follow notifications/tools/list_changed show it now; others after they list tools again (reconnect)."
        : "Nothing changed.";
      return toolResult(`${lines.join("\n")}\n${note}`, { toolsets });
    },
  });
}
