/**
 * Typed errors of the protocol clients (AXL, RisPort70, VOS SSH, phone, CUPI). Each carries a
 * stable `code` so the tool layer can map it once with an exhaustive `switch (err.code)`, and a
 * `hint` an agent can act on. Messages never contain credentials. When `src/mcp/errors.ts` exists,
 * the tool layer maps these codes onto its own classes (AxlFaultError, UpstreamThrottledError, ...).
 */

/** Every failure a protocol client reports. */
export type ProtocolErrorCode =
  | "AXL_FAULT"
  | "AXL_VERSION_UNSUPPORTED"
  | "UPSTREAM_THROTTLED"
  | "UPSTREAM_TIMEOUT"
  | "CANCELLED"
  | "UPSTREAM_UNREACHABLE"
  | "UPSTREAM_AUTH"
  | "UPSTREAM_HTTP"
  | "UPSTREAM_PROTOCOL"
  | "UPSTREAM_TOO_LARGE"
  | "XML_REFUSED"
  | "UNTRUSTED_HOST_KEY"
  | "HOST_KEY_CHANGED"
  | "SSH_SESSION"
  | "SCHEMA_MISSING"
  | "SCHEMA_VALIDATION"
  | "INVALID_REQUEST";

/** Optional structured details; never secrets. */
export interface ProtocolErrorDetails {
  host?: string;
  status?: number;
  axlcode?: number;
  axlmessage?: string;
  faultcode?: string;
  fingerprint?: string;
  retryAfterMs?: number;
  /** Whether a write may have been applied upstream (unknown outcome). */
  outcomeUnknown?: boolean;
  [key: string]: unknown;
}

/** The one error class of `src/protocols`; `code` drives the mapping, `hint` tells the agent what to do. */
export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    readonly hint: string,
    readonly details: ProtocolErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `err` is a ProtocolError with one of the given codes. */
export function isProtocolError(err: unknown, ...codes: ProtocolErrorCode[]): err is ProtocolError {
  return err instanceof ProtocolError && (codes.length === 0 || codes.includes(err.code));
}

/** An AXL SOAP fault (Cisco AXL Developer Guide, "AXL error codes"): axlcode and axlmessage kept apart. */
export function axlFault(
  host: string,
  axlcode: number | undefined,
  message: string,
  faultcode: string,
  status: number,
): ProtocolError {
  return new ProtocolError(
    "AXL_FAULT",
    axlcode === undefined ? `AXL fault from ${host}: ${message}` : `AXL fault ${axlcode} from ${host}: ${message}`,
    "Read axlmessage: fix the payload (describe the operation for required fields and enums) or the object name.",
    { host, status, faultcode, axlmessage: message, ...(axlcode === undefined ? {} : { axlcode }) },
  );
}
