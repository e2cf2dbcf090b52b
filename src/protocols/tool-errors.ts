/**
 * The one mapping from protocol errors to the tool layer's typed errors (src/mcp/errors.ts,
 * PRODUCT.md section 9): tools call `toToolError(err, ctx)` once in their catch. The product and
 * credential kind pick the tool names the hints point to (`cucm_os_trust_fingerprint`, …).
 */
import {
  AxlFaultError,
  CancelledError,
  ConflictError,
  HostKeyChangedError,
  InternalToolError,
  NotFoundError,
  ToolError,
  UntrustedHostKeyError,
  UpstreamAuthError,
  UpstreamProtocolError,
  UpstreamThrottledError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  ValidationError,
} from "../mcp/errors.ts";
import { ProtocolError } from "./errors.ts";

/** Which product and credential kind the failing call used. */
export interface ToolErrorContext {
  product: "cucm" | "imp" | "cuc";
  /** `axl` (AXL/RIS/toolkit), `os` (SSH), `phone` (screenshots), `cupi` (Unity Connection REST). */
  kind: "axl" | "os" | "phone" | "cupi";
}

function updateTool(ctx: ToolErrorContext): string {
  return ctx.kind === "axl" || ctx.kind === "cupi"
    ? `${ctx.product}_update_credentials`
    : `${ctx.product}_${ctx.kind}_update_credentials`;
}

/** Maps any error from src/protocols to a ToolError (unknown errors become InternalToolError). */
export function toToolError(err: unknown, ctx: ToolErrorContext): ToolError {
  if (err instanceof ToolError) return err;
  if (!(err instanceof ProtocolError)) return new InternalToolError();
  const d = err.details;
  const trustTool = `${ctx.product}_os_trust_fingerprint`;
  switch (err.code) {
    case "AXL_FAULT":
      return new AxlFaultError(d.axlcode, err.message, err.hint);
    case "AXL_VERSION_UNSUPPORTED":
    case "UPSTREAM_PROTOCOL":
    case "UPSTREAM_TOO_LARGE":
    case "XML_REFUSED":
      return new UpstreamProtocolError(err.message);
    case "UPSTREAM_THROTTLED":
      return new UpstreamThrottledError(
        err.message,
        d.retryAfterMs === undefined ? undefined : Math.ceil(d.retryAfterMs / 1000),
      );
    case "UPSTREAM_TIMEOUT":
      return new UpstreamTimeoutError(
        d.outcomeUnknown ? `${err.message}; the change may or may not have been applied` : err.message,
      );
    case "CANCELLED":
      return new CancelledError();
    case "UPSTREAM_UNREACHABLE":
    case "SSH_SESSION":
      return new UpstreamUnavailableError(
        d.outcomeUnknown ? `${err.message}; the change may or may not have been applied` : err.message,
      );
    case "UPSTREAM_AUTH":
      return new UpstreamAuthError(err.message, updateTool(ctx));
    case "UPSTREAM_HTTP":
      if (d.status === 404) return new NotFoundError(err.message, err.hint);
      if (d.status === 409) return new ConflictError(err.message, err.hint);
      if (d.status !== undefined && d.status >= 400 && d.status < 500) return new ValidationError(err.message);
      return new UpstreamUnavailableError(err.message);
    case "UNTRUSTED_HOST_KEY":
      return new UntrustedHostKeyError(d.host ?? "", d.fingerprint ?? "", trustTool);
    case "HOST_KEY_CHANGED":
      return new HostKeyChangedError(d.host ?? "", String(d["pinned"] ?? ""), d.fingerprint ?? "", trustTool);
    case "SCHEMA_MISSING":
      return new NotFoundError(err.message, `An admin can fetch it with ${ctx.product}_download_axl_toolkit.`);
    case "SCHEMA_VALIDATION":
    case "INVALID_REQUEST":
      return new ValidationError(err.message, Array.isArray(d["issues"]) ? (d["issues"] as string[]) : []);
  }
}
