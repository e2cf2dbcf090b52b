/**
 * The MCP service: every module's tools, prompts and resources, checked once at start
 * (unique names, ≤ 64 characters, module prefix), and the per-caller surface built from them
 * for each request: `tools/list` shows only what the caller's profile allows, and every call
 * goes through dispatch.ts with the caller's own context (vault, budget, signal).
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import type { Logger } from "pino";
import type { Principal } from "../auth/principal.ts";
import type { AuditLog } from "../logging/logger.ts";
import { PRODUCT_NAMES, PRODUCTS, type Product, SERVICE_BUCKET } from "../modules/uc/products.ts";
import { type Bucket, budgetKey, type RateLimiter } from "../ratelimit/sliding-window.ts";
import { inScope } from "../rbac/access.ts";
import { rateLimitFor } from "../rbac/limits.ts";
import type { ProfileStore } from "../rbac/profile-store.ts";
import { RBAC_PATTERNS } from "../util/patterns.ts";
import type { ScopedVault } from "../vault/vault.ts";
import { VERSION } from "../version.ts";
import type { AnswerCaps } from "./answer.ts";
import { dispatch, toolVisible } from "./dispatch.ts";
import type { PromptDefinition } from "./prompts.ts";
import { PROFILE_RESOURCE, type ResourceCollection, type ResourceDefinition } from "./resources.ts";
import type { McpSurface, ToolDescriptor } from "./sdk.ts";
import type { AnyTool, ToolContext } from "./tool.ts";
import { createToolsetStore, TOOLSETS, type Toolset, type ToolsetStore, toolsetsTool } from "./toolsets.ts";

/** What a module contributes: `create(deps)` in src/modules/<m>/index.ts returns one. */
export interface ToolModule {
  name: string;
  tools: AnyTool[];
  prompts?: PromptDefinition[];
  resources?: ResourceDefinition[];
  /** The extra toolset that lists the module's tools (toolsets.ts); core when absent. */
  toolset?: Toolset;
  /** Per-caller resources listed at request time (the caller's reports). */
  resourceCollections?: ResourceCollection[];
  /** Releases what the module holds open (SSH sessions); called once at shutdown. */
  close?(): void | Promise<void>;
}

/** A registration mistake found at start (duplicate or badly named tool). */
export class ToolRegistrationError extends Error {
  readonly code = "ToolRegistrationError";
}

export interface McpServiceOptions {
  /** MCP_SERVER_NAME and MCP_SERVER_INSTRUCTIONS. */
  serverName: string;
  instructions?: string;
  logger: Logger;
  audit: AuditLog;
  /** Opens the caller's own credential vault. */
  openVault(client: string): ScopedVault;
  profiles: ProfileStore;
  limiter: RateLimiter;
  modules: ToolModule[];
  /** MCP_SERVER_RESULT_TEXT_MAX_CHARS and MCP_SERVER_RESULT_DATA_MAX_BYTES. */
  caps?: AnswerCaps;
  /** Each client's extra toolsets; in memory when absent. */
  toolsets?: ToolsetStore;
}

export interface McpService {
  tools: AnyTool[];
  surfaceFor(principal: Principal): McpSurface;
}

/** Every (bucket, product) pair a budget is kept for: each product's services, then `report`. */
const BUCKETS: Array<[Bucket, Product | undefined]> = [
  ...PRODUCT_NAMES.flatMap((p) => PRODUCTS[p].services.map((s): [Bucket, Product] => [SERVICE_BUCKET[s], p])),
  ["report", undefined],
];

/** The JSON Schema of a valibot schema, without the `$schema` line. */
function jsonSchema(schema: AnyTool["input"]): Record<string, unknown> {
  const out = toJsonSchema(schema, { errorMode: "ignore" }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/** Keywords left out of the published schemas: length limits that dispatch enforces anyway. */
const UNPUBLISHED = new Set(["minLength", "maxLength", "maxItems", "propertyNames"]);

/**
 * A published input schema without length limits, long syntax patterns (a host name regex) and
 * the type beside an enum: they cost every agent context space on every tools/list and say
 * nothing the field does not. Dispatch still validates the full schema and names the field at fault.
 */
function lean(schema: unknown, depth = 0): unknown {
  if (Array.isArray(schema)) return schema.map((s) => lean(s, depth));
  if (schema === null || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(
        ([k, v]) =>
          !UNPUBLISHED.has(k) &&
          // Only the tool's own arguments are described; their inner fields are named, not explained.
          !(k === "description" && depth > 1) &&
          !(k === "pattern" && typeof v === "string" && v.length > 24) &&
          !(k === "required" && Array.isArray(v) && v.length === 0) &&
          !(k === "type" && "enum" in schema),
      )
      .map(([k, v]) => [
        k,
        k === "properties" ? leanProperties(v as Record<string, unknown>, depth + 1) : lean(v, depth),
      ]),
  );
}

/** The fields of an object schema: their names are data, only their schemas are made lean. */
function leanProperties(properties: Record<string, unknown>, depth: number): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, lean(schema, depth)]));
}

/**
 * A tool's published outputSchema: an object. Nothing more is published, because clients
 * validate every structuredContent against it, errors (structuredContent.error) and cut answers
 * (`truncated`, `bounded`) included, and tools/list must stay small (its size is tested). The
 * declared shape (`output`) documents the fields for the module's readers; each answer's text
 * shows its data.
 */
function outputSchema(tool: AnyTool): Record<string, unknown> | undefined {
  return tool.output === undefined ? undefined : { type: "object" };
}

/**
 * The annotations as published: the spec's defaults (not read-only, destructive, not idempotent,
 * open world) are implied, except that a tool that may write always says whether it is
 * destructive; a read-only tool's destructive and idempotent hints mean nothing (MCP spec).
 */
function publishedHints(a: AnyTool["annotations"]): Record<string, boolean> {
  const out: Record<string, boolean> = a.readOnlyHint ? { readOnlyHint: true } : {};
  if (!a.readOnlyHint) {
    out["destructiveHint"] = a.destructiveHint ?? true;
    if (a.idempotentHint === true) out["idempotentHint"] = true;
  }
  if (a.openWorldHint === false) out["openWorldHint"] = false;
  return out;
}

/**
 * The tools/list entry of a tool. The title is not published: hosts show the name when there is
 * none, the description says the rest, and every byte of tools/list sits in each agent's context.
 */
export function describe(tool: AnyTool): ToolDescriptor {
  const output = outputSchema(tool);
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: lean(jsonSchema(tool.input)) as Record<string, unknown>,
    ...(output === undefined ? {} : { outputSchema: output }),
    annotations: publishedHints(tool.annotations),
  };
}

/** Checks the registry and returns the service. */
export function createMcpService(options: McpServiceOptions): McpService {
  const { profiles, limiter, logger, audit } = options;
  const toolsetStore = options.toolsets ?? createToolsetStore();
  const toolsetOf = new Map<string, Toolset>();
  for (const m of options.modules)
    for (const t of m.tools) {
      const set = t.toolset ?? m.toolset;
      if (set !== undefined) toolsetOf.set(t.name, set);
    }
  const tools: AnyTool[] = [
    ...options.modules.flatMap((m) => m.tools),
    toolsetsTool({
      store: toolsetStore,
      allowedIn: (profile) => {
        const out = Object.fromEntries(Object.keys(TOOLSETS).map((k) => [k, [] as string[]])) as Record<
          Toolset,
          string[]
        >;
        for (const name of visibleFor(profile).names) {
          const set = toolsetOf.get(name);
          if (set !== undefined) out[set].push(name);
        }
        return out;
      },
    }),
  ];
  const byName = new Map<string, AnyTool>();
  for (const tool of tools) {
    if (!RBAC_PATTERNS.toolName.test(tool.name) || tool.name.length > 64)
      throw new ToolRegistrationError(`tool name "${tool.name}" must be module-prefixed snake case, ≤ 64 characters`);
    if (byName.has(tool.name)) throw new ToolRegistrationError(`tool "${tool.name}" is registered twice`);
    byName.set(tool.name, tool);
  }
  const descriptors = new Map(tools.map((t) => [t.name, describe(t)]));
  const prompts = options.modules.flatMap((m) => m.prompts ?? []);
  const resources = [PROFILE_RESOURCE, ...options.modules.flatMap((m) => m.resources ?? [])];
  const collections = options.modules.flatMap((m) => m.resourceCollections ?? []);
  // A reload replaces the profile object, so keying on it recomputes once per profile version
  // instead of filtering and describing every tool on each request.
  // `listed` is cached per set of extra toolsets (its key: their sorted names).
  const visibleByProfile = new WeakMap<
    object,
    { tools: AnyTool[]; names: string[]; listed: Map<string, ToolDescriptor[]> }
  >();
  const visibleFor = (profile: object & Parameters<typeof toolVisible>[0]) => {
    let entry = visibleByProfile.get(profile);
    if (entry === undefined) {
      const shown = tools.filter((t) => toolVisible(profile, t));
      entry = { tools: shown, names: shown.map((t) => t.name), listed: new Map() };
      visibleByProfile.set(profile, entry);
    }
    return entry;
  };
  const listedFor = (profile: object & Parameters<typeof toolVisible>[0], on: ReadonlySet<Toolset>) => {
    const entry = visibleFor(profile);
    const key = [...on].join(",");
    let listed = entry.listed.get(key);
    if (listed === undefined) {
      listed = entry.tools
        .filter((t) => {
          const set = toolsetOf.get(t.name);
          return set === undefined || on.has(set);
        })
        .map((t) => descriptors.get(t.name) as ToolDescriptor);
      entry.listed.set(key, listed);
    }
    return listed;
  };
  // A client's logger and vault handle are the same for every call (the vault reads its files
  // on each use): built once per client instead of once per call.
  const perClient = new Map<string, { logger: Logger; vault: ScopedVault }>();
  const clientParts = (clientName: string) => {
    let parts = perClient.get(clientName);
    if (parts === undefined) {
      if (perClient.size >= 1_000) perClient.clear();
      parts = { logger: logger.child({ client: clientName }), vault: options.openVault(clientName) };
      perClient.set(clientName, parts);
    }
    return parts;
  };
  return {
    tools,
    surfaceFor(principal) {
      const profile = profiles.get(principal.profile);
      const visible = () => (profile === undefined ? undefined : visibleFor(profile));
      const scoped = <T extends { product?: Product }>(items: T[]) =>
        profile === undefined ? [] : items.filter((i) => i.product === undefined || inScope(profile, i.product));
      const budget = () => {
        const out: Record<string, { limit: number; remaining: number }> = {};
        if (profile === undefined) return out;
        for (const [bucket, product] of BUCKETS) {
          const limit = rateLimitFor(profile, bucket, product);
          if (limit === undefined) continue;
          const key = bucket === "report" ? "report" : `${product}.${bucket}`;
          out[key] = {
            limit,
            remaining: limiter.remaining(budgetKey(principal.clientName, bucket, product), limit),
          };
        }
        return out;
      };
      const context = (
        p: Principal,
        prof: NonNullable<typeof profile>,
        extras: Parameters<McpSurface["callTool"]>[2],
      ): ToolContext => ({
        principal: p,
        profile: prof,
        signal: extras.signal,
        progress: (done, total, message) => extras.progress(done, total, message),
        logger: clientParts(p.clientName).logger,
        audit,
        vault: clientParts(p.clientName).vault,
        allowedTools: () => [...(visible()?.names ?? [])],
        budget,
        toolsChanged: extras.toolsChanged,
        takeBudget: (bucket, product) => {
          const limit = rateLimitFor(prof, bucket, product);
          return limit !== undefined && limiter.take(budgetKey(p.clientName, bucket, product), limit).ok;
        },
      });
      return {
        cancelScope: `${principal.clientName}\n${principal.tokenId}`,
        name: options.serverName,
        version: VERSION,
        instructions: options.instructions || undefined,
        listTools: () =>
          profile === undefined ? [] : [...listedFor(profile, toolsetStore.enabled(principal.clientName))],
        async callTool(name, args, extras) {
          const tool = byName.get(name);
          if (tool === undefined) return undefined;
          return dispatch(
            {
              limiter,
              context,
              audit,
              logger,
              caps: options.caps,
              // A tool this appliance does not serve is left as named (a partial module set).
              allowed: (name) => {
                const t = byName.get(name);
                return t === undefined || (profile !== undefined && toolVisible(profile, t));
              },
            },
            tool,
            args,
            principal,
            profile,
            extras,
          );
        },
        listPrompts: () =>
          scoped(prompts).map((p) => ({
            name: p.name,
            title: p.title,
            description: p.description,
            arguments: (p.arguments ?? []).map((a) => ({
              name: a.name,
              description: a.description,
              required: a.required === true,
            })),
          })),
        async getPrompt(name, args) {
          const prompt = scoped(prompts).find((p) => p.name === name);
          if (prompt === undefined) return undefined;
          return {
            description: prompt.description,
            messages: [{ role: "user", content: { type: "text", text: prompt.render(args, principal) } }],
          };
        },
        listResources: () => [
          ...scoped(resources).map((r) => ({
            uri: r.uri,
            name: r.name,
            title: r.title,
            description: r.description,
            mimeType: r.mimeType,
          })),
          ...(profile === undefined ? [] : scoped(collections).flatMap((c) => c.list({ principal, profile }))),
        ],
        async readResource(uri) {
          if (profile === undefined) return undefined;
          const resource = scoped(resources).find((r) => r.uri === uri);
          if (resource === undefined) {
            for (const collection of scoped(collections)) {
              const found = collection.read({ principal, profile }, uri);
              if (found !== undefined) return { contents: [{ uri, ...found }] };
            }
            return undefined;
          }
          return {
            contents: [{ uri, mimeType: resource.mimeType, text: await resource.read({ principal, profile }) }],
          };
        },
      };
    },
  };
}
