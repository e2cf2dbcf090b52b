/**
 * Turns one AXL HTTP answer into a parsed body or a typed error (AXL Developer Guide: faults are
 * HTTP 500 SOAP faults with axlcode/axlmessage; 503 is write throttling; 599 is an unsupported
 * schema version with an HTML body; 401 is bad credentials or a read-only user writing; 404 after
 * a cookie means the session expired).
 */
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";
import { axlFault, ProtocolError } from "../errors.ts";
import type { HttpResponse } from "../http.ts";
import { decodeFault } from "../soap/fault.ts";
import type { SoapBody, SoapParser } from "../soap/parse.ts";
import { decodeXmlBytes } from "../soap/xml-guard.ts";
import { retryAfterMs } from "./retry.ts";
import { parseSupportedVersions } from "./version.ts";

/** Reads the answer to `operation`; throws ProtocolError for every non-success. */
export function interpretAxlResponse(
  res: HttpResponse,
  ctx: { host: string; operation: string; parser: SoapParser; maxBytes: number; usable: readonly string[] },
): SoapBody {
  const { host } = ctx;
  if (res.status === 599) {
    const text = decodeXmlBytes(res.body, ctx.maxBytes, host);
    const supported = parseSupportedVersions(text, ctx.usable);
    throw new ProtocolError(
      "AXL_VERSION_UNSUPPORTED",
      `${host} does not support the requested AXL schema version`,
      "The bridge retries with the highest supported version; if none is usable, update the bridge.",
      { host, status: 599, supported },
    );
  }
  if (res.status === 503) {
    throw new ProtocolError(
      "UPSTREAM_THROTTLED",
      `${host} is throttling AXL (HTTP 503)`,
      "CUCM's change-notification queue is full; wait a minute and retry.",
      { host, status: 503, retryable: true, ...optionalRetryAfter(res.headers) },
    );
  }
  if (res.status === 401 || res.status === 403) {
    throw new ProtocolError(
      "UPSTREAM_AUTH",
      `${host} refused the AXL credentials (HTTP ${res.status})`,
      "Check the stored AXL user and password, and that the user has the Standard AXL API Access role (read-only users cannot write).",
      { host, status: res.status },
    );
  }
  if (res.status !== 200 && res.status !== 500) {
    throw new ProtocolError(
      "UPSTREAM_HTTP",
      `${host} answered AXL with HTTP ${res.status}`,
      "Check that the AXL Web Service is activated on the node and the port is right.",
      { host, status: res.status },
    );
  }
  const body = ctx.parser.parseEnvelope(decodeXmlBytes(res.body, ctx.maxBytes, host), host);
  if (body.name === "Fault") throw faultError(host, body.value, res.status);
  if (res.status !== 200) {
    throw new ProtocolError("UPSTREAM_PROTOCOL", `${host} answered HTTP 500 without a SOAP fault`, "Retry later.", {
      host,
      status: 500,
    });
  }
  return body;
}

function faultError(host: string, value: Record<string, unknown>, status: number): ProtocolError {
  const f = decodeFault(value);
  const message = f.axlmessage ?? f.faultstring;
  if (PROTOCOL_PATTERNS.axlMemoryConsumed.test(message)) {
    return new ProtocolError(
      "UPSTREAM_THROTTLED",
      `${host}: ${message}`,
      "CUCM is busy with other large queries; wait and retry, and keep concurrent SQL small.",
      { host, status, axlcode: f.axlcode, axlmessage: message, retryable: true },
    );
  }
  return axlFault(host, f.axlcode, message, f.faultcode, status);
}

function optionalRetryAfter(headers: Headers): { retryAfterMs?: number } {
  const ms = retryAfterMs(headers.get("retry-after"));
  return ms === undefined ? {} : { retryAfterMs: ms };
}
