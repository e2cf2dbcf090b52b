import { expect, test } from "bun:test";
import { ProtocolError, type ProtocolErrorCode } from "../protocols/errors.ts";
import type { ToolError } from "./errors.ts";
import { onService, toToolError } from "./protocol-errors.ts";

const pe = (code: ProtocolErrorCode, details: ProtocolError["details"] = {}) =>
  new ProtocolError(code, `m-${code}`, "h", details);

test("every protocol code maps to the tool error the tool layer expects", () => {
  const ctx = { product: "cucm", service: "os" } as const;
  const cases: Array<[ProtocolError, string]> = [
    [pe("AXL_FAULT", { axlcode: 5007 }), "AxlFaultError"],
    [pe("AXL_VERSION_UNSUPPORTED"), "UpstreamProtocolError"],
    [pe("UPSTREAM_THROTTLED", { retryAfterMs: 2500 }), "UpstreamThrottledError"],
    [pe("UPSTREAM_TIMEOUT"), "UpstreamTimeoutError"],
    [pe("CANCELLED"), "CancelledError"],
    [pe("UPSTREAM_UNREACHABLE"), "UpstreamUnavailableError"],
    [pe("UPSTREAM_AUTH"), "UpstreamAuthError"],
    [pe("UPSTREAM_HTTP", { status: 404 }), "NotFoundError"],
    [pe("UPSTREAM_HTTP", { status: 400 }), "ValidationError"],
    [pe("UPSTREAM_HTTP", { status: 502 }), "UpstreamUnavailableError"],
    [pe("UPSTREAM_PROTOCOL"), "UpstreamProtocolError"],
    [pe("UPSTREAM_TOO_LARGE"), "UpstreamProtocolError"],
    [pe("XML_REFUSED"), "UpstreamProtocolError"],
    [pe("UNTRUSTED_HOST_KEY", { host: "h", fingerprint: "SHA256:x" }), "UntrustedHostKeyError"],
    [pe("HOST_KEY_CHANGED", { host: "h", fingerprint: "SHA256:n", pinned: "SHA256:o" }), "HostKeyChangedError"],
    [pe("SSH_SESSION"), "UpstreamUnavailableError"],
    [pe("SCHEMA_MISSING"), "NotFoundError"],
    [pe("SCHEMA_VALIDATION"), "ValidationError"],
    [pe("INVALID_REQUEST"), "ValidationError"],
  ];
  for (const [err, code] of cases) expect(toToolError(err, ctx).code).toBe(code as ToolError["code"]);
  const axl = toToolError(pe("AXL_FAULT", { axlcode: 5007 }), ctx);
  expect(axl.data).toEqual({ axlcode: 5007 });
  expect(toToolError(pe("UPSTREAM_THROTTLED", { retryAfterMs: 2500 }), ctx).data).toEqual({ retryAfterSeconds: 3 });
  expect(toToolError(pe("UNTRUSTED_HOST_KEY", { host: "h", fingerprint: "SHA256:x" }), ctx).hint).toContain(
    "cucm_os_trust_fingerprint",
  );
  expect(toToolError(pe("UPSTREAM_AUTH"), ctx).hint).toContain("cucm_os_update_credentials");
  expect(toToolError(pe("UPSTREAM_AUTH"), { product: "cuc", service: "cupi" }).hint).toContain(
    "cuc_update_credentials",
  );
  expect(toToolError(pe("UPSTREAM_AUTH"), { product: "cucm", service: "ris" }).hint).toContain(
    "cucm_update_credentials",
  );
  expect(toToolError(pe("UPSTREAM_AUTH"), { product: "imp", service: "os" }).hint).toContain(
    "imp_os_update_credentials",
  );
  expect(toToolError(new Error("boom"), ctx).code).toBe("InternalToolError");
});

test("onService re-labels a protocol error for a tool that talks two services", async () => {
  const thrown = await onService("ris", () => Promise.reject(pe("UPSTREAM_AUTH"))).catch((e: unknown) => e);
  const mapped = toToolError(thrown, { product: "cucm", service: "phone" });
  expect(mapped.hint).toContain("cucm_update_credentials");
  expect(toToolError(pe("UPSTREAM_AUTH"), { product: "cucm", service: "phone" }).hint).toContain(
    "cucm_phone_update_credentials",
  );
});
