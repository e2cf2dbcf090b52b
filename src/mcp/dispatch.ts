/**
 * One tool call, top to bottom: profile in force → tool rule and product scope → input
 * validation → fine-grained RBAC (normalised) → rate limit → handler → one audit line. Every
 * failure becomes an `isError` result carrying a typed error and a hint; a ProtocolError is
 * mapped here, once, from the tool's declared product and service (protocol-errors.ts);
 * internal detail goes to app.log only. The caller is the authenticated principal; no input
 * field can change who the call acts for.
 */
import * as v from "valibot";
import type { Principal } from "../auth/principal.ts";
import { ProtocolError } from "../protocols/errors.ts";
import { budgetKey, type RateLimiter } from "../ratelimit/sliding-window.ts";
import { checkAccess, inScope } from "../rbac/access.ts";
import { rateLimitFor } from "../rbac/limits.ts";
import type { Profile } from "../rbac/profile-schema.ts";
import { toolAllowed } from "../rbac/tool-rules.ts";
import { VaultTamperError } from "../vault/vault-crypto.ts";
import { type AnswerCaps, boundAnswer, DEFAULT_ANSWER_CAPS } from "./answer.ts";
import {
  CancelledError,
  InternalToolError,
  ProfilePermissionError,
  RateLimitError,
  ToolError,
  ValidationError,
} from "./errors.ts";
import { toToolError } from "./protocol-errors.ts";
import type { CallExtras, CallResult } from "./sdk.ts";
import type { AnyTool, ToolContext } from "./tool.ts";

/**
 * The MCP result for a typed error: isError, and a text that holds everything the structured
 * error object does (code, message, every issue with its path, the other details, the hint),
 * because many hosts show the model the text only.
 */
export function errorResult(error: ToolError): CallResult {
  const { issues, ...details } = error.data;
  const lines = [`${error.code}: ${error.message}`];
  if (Array.isArray(issues)) for (const issue of issues) lines.push(`- ${String(issue)}`);
  const shown = Object.entries(details).filter(([, v]) => v !== undefined);
  if (shown.length > 0) lines.push(`Details: ${JSON.stringify(Object.fromEntries(shown))}`);
  lines.push(`Hint: ${error.hint}`);
  return {
    isError: true,
    content: [{ type: "text", text: lines.join("\n") }],
    structuredContent: { error: { code: error.code, message: error.message, hint: error.hint, ...error.data } },
  };
}

/** A tool name as hints write it (`cucm_store_credentials`). */
const TOOL_IN_HINT = /\b(?:bridge|cucm|imp|cuc|report)_[a-z0-9_]+\b/g;

/**
 * The error with a hint the caller can act on: a hint that names a tool the caller may not call
 * says instead what to ask an administrator (for missing or refused credentials, the exact
 * `ai-bridge credentials set` command line).
 */
export function hintFor(error: ToolError, client: string, allowed: (tool: string) => boolean): ToolError {
  const blocked = [...new Set(error.hint.match(TOOL_IN_HINT) ?? [])].filter((t) => !allowed(t));
  if (blocked.length === 0) return error;
  const d = error.data;
  const hint =
    error.code === "CredentialsMissingError" || error.code === "UpstreamAuthError"
      ? `Ask an administrator to run: ai-bridge credentials set --client ${client}${
          d["product"] === undefined ? "" : ` --product ${String(d["product"])}`
        }${d["kind"] === undefined ? "" : ` --kind ${String(d["kind"])}`}${
          d["host"] === undefined ? "" : ` --host ${String(d["host"])}`
        }`
      : `${error.hint} (your profile does not allow ${blocked.join(", ")}: ask an administrator.)`;
  return new ToolError(error.code, error.message, hint, error.data);
}

/** Errors from lower layers that have an agent-facing meaning; anything else is internal. */
function mapUntyped(error: unknown, tool: AnyTool): ToolError {
  if (error instanceof ProtocolError) return toToolError(error, { product: tool.product, service: tool.service });
  if (error instanceof VaultTamperError)
    return new ToolError(
      "CredentialsMissingError",
      "Stored credentials could not be decrypted (the file was changed or copied)",
      "Store them again with the matching _update_credentials tool (or delete and store).",
    );
  return new InternalToolError();
}

/** Whether `profile` lets its holder see and call `tool` at all. */
export function toolVisible(profile: Profile, tool: AnyTool): boolean {
  if (tool.product !== undefined && !inScope(profile, tool.product)) return false;
  return toolAllowed(profile, tool.name, tool.restricted === true).allowed;
}

export interface DispatchDeps {
  limiter: RateLimiter;
  /** Whether the caller may call a tool by name (hints name only those); every tool when absent. */
  allowed?: (tool: string) => boolean;
  /** Size caps of every answer (MCP_SERVER_RESULT_*); the defaults when not given. */
  caps?: AnswerCaps;
  now?: () => number;
  /** Builds the handler context once the call is allowed. */
  context(principal: Principal, profile: Profile, extras: CallExtras): ToolContext;
}

/** Runs one call and returns its MCP result; audits exactly once. */
export async function dispatch(
  deps: DispatchDeps & { audit: ToolContext["audit"]; logger: ToolContext["logger"] },
  tool: AnyTool,
  args: unknown,
  principal: Principal,
  profile: Profile | undefined,
  extras: CallExtras,
): Promise<CallResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  let host: string | undefined;
  let action: Record<string, unknown> | undefined;
  const finish = (decision: "allowed" | "denied", outcome: string, reason?: string) =>
    deps.audit.event("tool.call", {
      client: principal.clientName,
      subject: principal.subject,
      profile: principal.profile,
      tool: tool.name,
      host,
      action,
      decision,
      reason,
      outcome,
      durationMs: now() - started,
    });
  const actionable = (error: ToolError) =>
    deps.allowed === undefined ? error : hintFor(error, principal.clientName, deps.allowed);
  const refuse = (error: ToolError, reason: string) => {
    finish("denied", error.code, reason);
    return errorResult(actionable(error));
  };
  if (profile === undefined)
    return refuse(
      new ProfilePermissionError(
        `Profile ${principal.profile} is not loaded`,
        "An administrator must fix the profile file (see audit.log profile.rejected).",
      ),
      "profile not loaded",
    );
  if (tool.product !== undefined && !inScope(profile, tool.product))
    return refuse(
      new ProfilePermissionError(`Product ${tool.product} is outside your profile's scope`),
      "product scope",
    );
  const rule = toolAllowed(profile, tool.name, tool.restricted === true);
  if (!rule.allowed)
    return refuse(
      new ProfilePermissionError(rule.reason ?? `Tool ${tool.name} is not allowed`),
      rule.reason ?? "tool rule",
    );
  const parsed = v.safeParse(tool.input, args);
  if (!parsed.success) {
    const issues = parsed.issues.map((i) => `${v.getDotPath(i) ?? "(input)"}: ${i.message}`);
    const fields = [...new Set(parsed.issues.map((i) => v.getDotPath(i) ?? "(input)"))];
    return refuse(new ValidationError(`Invalid input for ${tool.name}: ${fields.join(", ")}`, issues), "validation");
  }
  const input = parsed.output;
  try {
    host = tool.host?.(input);
    action = tool.action?.(input);
  } catch {
    // A summary that cannot be built must not stop the call; the line keeps what was built.
  }
  if (tool.access !== undefined) {
    const decision = checkAccess(profile, tool.access(input));
    if (!decision.allowed)
      return refuse(
        new ProfilePermissionError(`Denied by profile ${principal.profile}: ${decision.reason}`),
        decision.reason,
      );
  }
  if (tool.bucket !== undefined) {
    const limit = rateLimitFor(profile, tool.bucket, tool.product);
    if (limit === undefined)
      return refuse(
        new ProfilePermissionError(
          `Your profile sets no ${tool.bucket} rate limit, so ${tool.bucket} calls are not allowed`,
        ),
        "no rate limit section",
      );
    const take = deps.limiter.take(budgetKey(principal.clientName, tool.bucket, tool.product), limit);
    if (!take.ok) {
      deps.audit.event("ratelimit.refused", {
        client: principal.clientName,
        tool: tool.name,
        bucket: tool.bucket,
        limit,
        retryAfterSeconds: take.retryAfterSeconds,
      });
      return refuse(new RateLimitError(tool.bucket, limit, take.retryAfterSeconds), "rate limit");
    }
  }
  try {
    const result = await tool.handler(input, deps.context(principal, profile, extras));
    if (extras.signal.aborted) throw new CancelledError();
    finish("allowed", result.isError === true ? "tool_error" : "ok");
    const shape = typeof tool.answer === "function" ? tool.answer(input, profile) : tool.answer;
    return boundAnswer(result, deps.caps ?? DEFAULT_ANSWER_CAPS, shape);
  } catch (error) {
    const typed =
      error instanceof ToolError ? error : extras.signal.aborted ? new CancelledError() : mapUntyped(error, tool);
    if (!(error instanceof ToolError) && !(error instanceof ProtocolError))
      deps.logger.error({ err: error, tool: tool.name, client: principal.clientName }, "tool failed");
    finish("allowed", typed.code);
    return errorResult(actionable(typed));
  }
}
