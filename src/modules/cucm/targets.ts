/**
 * Turns the caller's stored credentials into protocol targets (PRODUCT.md section 9: every call
 * uses the CALLER's own vault entry for the host; AXL credentials also serve RisPort70 and the
 * toolkit download, OS credentials serve SSH, phone credentials serve screenshots). A port stored
 * with the credential overrides the configured product port (labs and non-standard nodes).
 */
import { CredentialsMissingError, ValidationError } from "../../mcp/errors.ts";
import type { ToolContext } from "../../mcp/tool.ts";
import type { AxlTarget } from "../../protocols/axl/client.ts";
import type { RisTarget } from "../../protocols/ris/client.ts";
import type { ProductSettings } from "../../protocols/settings.ts";
import type { FetchTls } from "../../protocols/tls.ts";
import type { VosTarget } from "../../protocols/vos-ssh/session.ts";
import { type Credential, type CredentialKind, normaliseHost } from "../../vault/vault.ts";
import type { CucmServices } from "./services.ts";

/** The host as the vault keys it (lower case, checked); a bad name is a ValidationError. */
export function hostOf(input: string): string {
  try {
    return normaliseHost(input);
  } catch (err) {
    throw new ValidationError(`Invalid host: ${(err as Error).message}`, ["host: use a host name or IP address"]);
  }
}

/** The caller's credential of `kind` for `host`, or CredentialsMissingError. */
export function credentialFor(ctx: ToolContext, kind: CredentialKind, host: string): Credential {
  const cred = ctx.vault.get("cucm", kind, host);
  if (cred === undefined) throw new CredentialsMissingError("cucm", kind, host);
  return cred;
}

/** AXL target (publisher) for `host`. */
export function axlTarget(ctx: ToolContext, svc: CucmServices, host: string): AxlTarget {
  return productAxlTarget(ctx, svc, "cucm", host);
}

/** AXL target for `host` of `product` (CUCM or IM&P) with the caller's AXL credential for that product. */
export function productAxlTarget(
  ctx: ToolContext,
  svc: { settings: ProductSettings; tls: FetchTls },
  product: "cucm" | "imp",
  host: string,
): AxlTarget {
  const cred = ctx.vault.get(product, "axl", host);
  if (cred === undefined) throw new CredentialsMissingError(product, "axl", host);
  return {
    host,
    port: cred.port ?? svc.settings.httpsPort,
    username: cred.username,
    password: cred.password,
    timeoutMs: svc.settings.requestTimeoutMs,
    tls: svc.tls,
  };
}

/** RisPort70 target: the AXL credentials (the role covers both), the RIS port. */
export function risTarget(ctx: ToolContext, svc: CucmServices, host: string): RisTarget {
  const cred = credentialFor(ctx, "axl", host);
  return {
    host,
    port: cred.port ?? svc.settings.risPort ?? svc.settings.httpsPort,
    username: cred.username,
    password: cred.password,
    timeoutMs: svc.settings.requestTimeoutMs,
    tls: svc.tls,
  };
}

/** VOS CLI target with the OS administrator credentials. */
export function vosTarget(ctx: ToolContext, svc: CucmServices, host: string): VosTarget {
  const cred = credentialFor(ctx, "os", host);
  return {
    host,
    port: cred.port ?? svc.settings.sshPort,
    username: cred.username,
    password: cred.password,
    timeoutMs: svc.settings.sshTimeoutMs,
    ...svc.settings.terminal,
  };
}
