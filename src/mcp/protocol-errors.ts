/**
 * The one mapping from protocol errors (src/protocols/errors.ts) to the tool layer's typed errors
 * (errors.ts). Dispatch calls it for every ProtocolError a handler throws, with the tool's declared
 * product and service; the service picks the credential kind, so the hints name the right tool to
 * update credentials with, to trust a host key with, or to cache a schema with.
 */
import {
  axlToolkitToolName,
  credentialToolName,
  type Product,
  SERVICE_CREDENTIAL,
  trustToolName,
  type UcService,
} from "../modules/uc/products.ts";
import { ProtocolError } from "../protocols/errors.ts";
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
} from "./errors.ts";

/** Which product and service the failing call used (from the tool's declaration). */
export interface ProtocolErrorContext {
  product?: Product;
  service?: UcService;
}

const SERVICE_OF = Symbol("service");

/**
 * Runs `fn`, marking a ProtocolError it throws as coming from `service` instead of the tool's
 * declared one. Only for a tool that talks two services (the phone screenshot looks the phone up
 * in RisPort70 first); the mapping itself still happens once, in dispatch.
 */
export async function onService<T>(service: UcService, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ProtocolError && !(SERVICE_OF in err))
      Object.defineProperty(err, SERVICE_OF, { value: service });
    throw err;
  }
}

function serviceOf(err: ProtocolError, fallback: UcService | undefined): UcService | undefined {
  return (err as unknown as Record<symbol, UcService | undefined>)[SERVICE_OF] ?? fallback;
}

const maybeApplied = (err: ProtocolError) =>
  err.details.outcomeUnknown ? `${err.message}; the change may or may not have been applied` : err.message;

/** Maps any error from src/protocols to a ToolError (unknown errors become InternalToolError). */
export function toToolError(err: unknown, ctx: ProtocolErrorContext): ToolError {
  if (err instanceof ToolError) return err;
  if (!(err instanceof ProtocolError)) return new InternalToolError();
  const d = err.details;
  const product = ctx.product ?? "<product>";
  const service = serviceOf(err, ctx.service);
  const kind = service === undefined ? "axl" : SERVICE_CREDENTIAL[service];
  const trustTool = trustToolName(product);
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
      return new UpstreamTimeoutError(maybeApplied(err));
    case "CANCELLED":
      return new CancelledError();
    case "UPSTREAM_UNREACHABLE":
    case "SSH_SESSION":
      return new UpstreamUnavailableError(maybeApplied(err));
    case "UPSTREAM_AUTH":
      return new UpstreamAuthError(err.message, credentialToolName(product, kind, "update"));
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
      return new NotFoundError(err.message, `An admin can fetch it with ${axlToolkitToolName(product)}.`);
    case "SCHEMA_VALIDATION":
    case "INVALID_REQUEST":
      return new ValidationError(err.message, Array.isArray(d["issues"]) ? (d["issues"] as string[]) : []);
  }
}
