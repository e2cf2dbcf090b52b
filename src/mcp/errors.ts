/**
 * The typed errors a tool may end with . Each one becomes an MCP tool
 * result with `isError: true` (MCP spec 2025-11-25, "Tools" → "Error handling"): the agent
 * sees the stable `code`, a short message and a `hint` it can act on; internal detail stays
 * in app.log. Other layers import these classes; tests assert `code`, never the message.
 */
import { credentialToolName } from "../modules/uc/products.ts";

/** Every stable code, so a `switch (err.code)` over a ToolError is exhaustive. */
export type ToolErrorCode =
  | "ProfilePermissionError"
  | "RateLimitError"
  | "ValidationError"
  | "CredentialsMissingError"
  | "UntrustedHostKeyError"
  | "HostKeyChangedError"
  | "AxlFaultError"
  | "UpstreamThrottledError"
  | "UpstreamTimeoutError"
  | "UpstreamUnavailableError"
  | "UpstreamProtocolError"
  | "UpstreamAuthError"
  | "NotFoundError"
  | "ConflictError"
  | "LimitExceededError"
  | "CancelledError"
  | "InternalToolError";

/** Base class: a message for the agent, a hint saying what to do next, optional structured data. */
export class ToolError extends Error {
  readonly code: ToolErrorCode;
  readonly hint: string;
  readonly data: Record<string, unknown>;
  constructor(code: ToolErrorCode, message: string, hint: string, data: Record<string, unknown> = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.hint = hint;
    this.data = data;
  }
}

/** The caller's RBAC profile does not allow this tool, operation, command or path . */
export class ProfilePermissionError extends ToolError {
  constructor(
    message: string,
    hint = "Ask an administrator for a profile that allows this, or use an allowed tool.",
    data: Record<string, unknown> = {},
  ) {
    super("ProfilePermissionError", message, hint, data);
  }
}

/** The per-client sliding-window limit of a service is spent; `retryAfterSeconds` says when a slot frees. */
export class RateLimitError extends ToolError {
  constructor(
    readonly bucket: string,
    readonly limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      "RateLimitError",
      `Rate limit reached for ${bucket}: ${limit} requests per minute`,
      bucket === "ssh"
        ? `Wait ${retryAfterSeconds} s before the next command (each command is one call; your profile allows ${limit} per minute).`
        : `Wait ${retryAfterSeconds} s before the next ${bucket} call, or batch the work into fewer calls.`,
      { bucket, limit, retryAfterSeconds },
    );
  }
}

/** The tool's input does not match its schema; `issues` lists what is wrong, field by field. */
export class ValidationError extends ToolError {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super("ValidationError", message, "Correct the listed fields and call the tool again.", { issues });
  }
}

/** No stored credentials for this product/kind/host and caller. */
export class CredentialsMissingError extends ToolError {
  constructor(product: string, kind: string, host: string) {
    const tool = credentialToolName(product, kind, "store");
    super(
      "CredentialsMissingError",
      `No ${kind.toUpperCase()} credentials stored for ${host}`,
      `Store them first with ${tool}.`,
      {
        product,
        kind,
        host,
      },
    );
  }
}

/** The node's SSH host key has never been trusted (trust on first use is refused). */
export class UntrustedHostKeyError extends ToolError {
  constructor(host: string, fingerprint: string, trustTool: string) {
    super(
      "UntrustedHostKeyError",
      `The SSH host key of ${host} is not trusted yet (${fingerprint})`,
      `Compare the fingerprint out of band, then have an admin call ${trustTool}.`,
      {
        host,
        fingerprint,
      },
    );
  }
}

/** The node presented a different SSH host key than the trusted one: possible man in the middle. */
export class HostKeyChangedError extends ToolError {
  constructor(host: string, expected: string, presented: string, trustTool: string) {
    super(
      "HostKeyChangedError",
      `The SSH host key of ${host} CHANGED (trusted ${expected}, presented ${presented})`,
      `Do not proceed until the change is explained; an admin can re-trust with ${trustTool}.`,
      {
        host,
        expected,
        presented,
      },
    );
  }
}

/** A SOAP fault from AXL, with Cisco's `axlcode` (AXL Developer Guide, "AXL error codes"). */
export class AxlFaultError extends ToolError {
  constructor(
    readonly axlcode: number | undefined,
    message: string,
    hint = "Check the operation's fields with the describe tool and try again.",
  ) {
    super("AxlFaultError", message, hint, { axlcode });
  }
}

/** The upstream asked us to slow down (HTTP 503, AXL memory allocation, RIS budget). */
export class UpstreamThrottledError extends ToolError {
  constructor(message: string, retryAfterSeconds?: number) {
    super(
      "UpstreamThrottledError",
      message,
      retryAfterSeconds === undefined
        ? "Retry later with fewer or smaller requests."
        : `Retry in ${retryAfterSeconds} s.`,
      {
        retryAfterSeconds,
      },
    );
  }
}

/** The upstream did not answer in time. */
export class UpstreamTimeoutError extends ToolError {
  constructor(message: string) {
    super(
      "UpstreamTimeoutError",
      message,
      "Check the node is up (connectivity tool), then retry; narrow the query if it is large.",
    );
  }
}

/** The upstream refused or dropped the connection. */
export class UpstreamUnavailableError extends ToolError {
  constructor(message: string) {
    super(
      "UpstreamUnavailableError",
      message,
      "Check the host name, port and that the service is activated on the node.",
    );
  }
}

/** The upstream answered something we cannot read (malformed XML, unexpected shape). */
export class UpstreamProtocolError extends ToolError {
  constructor(message: string) {
    super("UpstreamProtocolError", message, "The node's answer was unusable; check its version and retry.");
  }
}

/** The upstream refused the stored credentials (HTTP 401/403, SSH auth failure). */
export class UpstreamAuthError extends ToolError {
  constructor(message: string, updateTool: string) {
    super("UpstreamAuthError", message, `Fix the stored credentials with ${updateTool}.`);
  }
}

/** The named object (credential, report, phone, …) does not exist. */
export class NotFoundError extends ToolError {
  constructor(message: string, hint = "List what exists first, then use one of the listed names.") {
    super("NotFoundError", message, hint);
  }
}

/** The object already exists (store over an existing credential, …). */
export class ConflictError extends ToolError {
  constructor(message: string, hint: string) {
    super("ConflictError", message, hint);
  }
}

/** A configured cap (size, count) would be exceeded; nothing was written. */
export class LimitExceededError extends ToolError {
  constructor(message: string, hint: string, data: Record<string, unknown> = {}) {
    super("LimitExceededError", message, hint, data);
  }
}

/** The client cancelled the call (notifications/cancelled) before it finished. */
export class CancelledError extends ToolError {
  constructor() {
    super("CancelledError", "The call was cancelled", "Call again if the result is still needed.");
  }
}

/** An unexpected failure inside a tool; the detail is in app.log only. */
export class InternalToolError extends ToolError {
  constructor() {
    super(
      "InternalToolError",
      "The tool failed unexpectedly",
      "Retry once; if it fails again, an administrator should read app.log.",
    );
  }
}
