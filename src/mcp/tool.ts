/**
 * The tool framework's declaration side (docs/writing-tools.md). A module declares a
 * tool once with `defineTool`: name, agent-facing description, valibot input (published as
 * JSON Schema), honest annotations, the RBAC rule it needs and its rate-limit bucket. The same
 * declaration drives tools/list filtering, RBAC, rate limiting and audit (see dispatch.ts).
 */

import type { Logger } from "pino";
import type * as v from "valibot";
import type { Principal } from "../auth/principal.ts";
import type { AuditLog } from "../logging/logger.ts";
import type { Product, UcService } from "../modules/uc/products.ts";
import type { Bucket } from "../ratelimit/sliding-window.ts";
import type { AccessRequest } from "../rbac/access.ts";
import type { Profile } from "../rbac/profile-schema.ts";
import type { ScopedVault } from "../vault/vault.ts";
import type { AnswerShape } from "./answer.ts";
import type { CallResult } from "./sdk.ts";
import type { Toolset } from "./toolsets.ts";

/** MCP tool annotations (spec 2025-11-25, "ToolAnnotations"); set them truthfully. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/**
 * What a handler receives besides its validated input: everything is the caller's own, and nothing
 * reaches the rest of the appliance (a module gets its clients and settings through `create(deps)`).
 */
export interface ToolContext {
  principal: Principal;
  profile: Profile;
  /** Aborted when the client cancels (notifications/cancelled) or disconnects. */
  signal: AbortSignal;
  /** Sends notifications/progress when the client asked for it; a no-op otherwise. */
  progress(done: number, total?: number, message?: string): Promise<void>;
  logger: Logger;
  audit: AuditLog;
  /** The caller's credential vault; no method takes a client name. */
  vault: ScopedVault;
  /** Names of the tools this caller may call (for bridge_whoami). */
  allowedTools(): string[];
  /** Remaining budget per bucket for this caller. */
  budget(): Record<string, { limit: number; remaining: number }>;
  /** Tells the client its tool list changed (notifications/tools/list_changed), where it can be told. */
  toolsChanged?(): Promise<void>;
  /**
   * Takes one slot of the caller's `bucket` budget for `product`, for a protocol call a handler makes
   * beyond its declared bucket (bridge_list_hosts reading cluster roles over SSH). False when the
   * profile sets no such limit or none is left: the handler then does without that call.
   */
  takeBudget(bucket: Bucket, product: Product): boolean;
}

/** A tool declaration; `S` is the valibot input schema. */
export interface ToolDefinition<S extends v.GenericSchema = v.GenericSchema> {
  /** Module-prefixed snake case, ≤ 64 characters (e.g. `cucm_get_version`). */
  name: string;
  /** A display name for docs and logs; not published in tools/list (see service.ts describe). */
  title?: string;
  /** Written for an agent: what it does, when to use it, what it returns. */
  description: string;
  input: S;
  annotations: ToolAnnotations;
  /** Product the tool works on: out-of-scope profiles neither see nor call it. */
  product?: Product;
  /** The extra toolset that lists it (toolsets.ts); its module's toolset, or core, when absent. */
  toolset?: Toolset;
  /**
   * The protocol the handler talks (axl, ris, os, phone, cupi). Dispatch maps a ProtocolError the
   * handler throws to a typed tool error from it and `product` (which credential tool to update,
   * which trust tool to call); handlers never map protocol errors themselves.
   */
  service?: UcService;
  /** Needs an explicit `tools.allow` match in the profile (credential writes, trust, toolkit, deletes). */
  restricted?: boolean;
  /** The fine-grained RBAC request for this input (AXL operation, SSH command, CUPI path, …). */
  access?: (input: v.InferOutput<S>) => AccessRequest;
  /** The rate-limit bucket one call consumes. */
  bucket?: Bucket;
  /** The target host, for the audit line. */
  host?: (input: v.InferOutput<S>) => string | undefined;
  /**
   * What the call does, for the audit line (AXL operation and object, SQL, command, CUPI method
   * and path, RIS selection). Identifying fields only, never a payload's secrets (see action.ts).
   */
  action?: (input: v.InferOutput<S>) => Record<string, unknown>;
  /**
   * How the answer is shaped and cut (paging hint; whether the text already shows the data); the
   * caller's profile decides which ways to get the rest a hint may offer.
   */
  answer?: AnswerShape | ((input: v.InferOutput<S>, profile: Profile) => AnswerShape);
  /**
   * The shape of a successful structuredContent (valibot), published as outputSchema; required
   * whenever the handler returns structuredContent. Errors carry `error` instead (dispatch.ts).
   */
  output?: v.GenericSchema;
  handler: (input: v.InferOutput<S>, ctx: ToolContext) => Promise<CallResult>;
}

/** Any tool, for registries. */
// biome-ignore lint/suspicious/noExplicitAny: registries hold tools of every input type.
export type AnyTool = ToolDefinition<any>;

/** Declares a tool (identity at run time; gives the handler its typed input). */
export function defineTool<S extends v.GenericSchema>(tool: ToolDefinition<S>): ToolDefinition<S> {
  return tool;
}

/** A successful result: text for the agent, plus structuredContent when there is data. */
export function toolResult(text: string, data?: Record<string, unknown>): CallResult {
  return data === undefined
    ? { content: [{ type: "text", text }] }
    : { content: [{ type: "text", text }], structuredContent: data };
}
