/**
 * Turns the caller's stored credentials into protocol targets: every call uses the CALLER's own
 * vault entry for the host (AXL credentials also serve RisPort70 and the toolkit download, OS
 * credentials serve SSH, phone credentials serve screenshots, CUPI credentials serve Unity
 * Connection). A port stored with the credential overrides the configured product port (labs and
 * non-standard nodes). Also the `host` input field every product tool shares.
 */
import * as v from "valibot";
import { CredentialsMissingError, ValidationError } from "../../mcp/errors.ts";
import type { AxlTarget } from "../../protocols/axl/client.ts";
import type { CupiTarget } from "../../protocols/cupi/client.ts";
import type { RisTarget } from "../../protocols/ris/client.ts";
import type { VosTarget } from "../../protocols/vos-ssh/session.ts";
import { type Credential, normaliseHost, type ScopedVault } from "../../vault/vault.ts";
import type { UcDeps } from "./deps.ts";
import type { CredentialKind, Product } from "./products.ts";

/** The host as the vault keys it (lower case, checked); a bad name is a ValidationError. */
export function hostOf(input: string): string {
  try {
    return normaliseHost(input);
  } catch (err) {
    throw new ValidationError(`Invalid host: ${(err as Error).message}`, ["host: use a host name or IP address"]);
  }
}

/** The `host` field of a product's tools. */
export function hostField(_product: Product) {
  // No per-field description: the server instructions say once what `host` is (a node as listed
  // by bridge_list_hosts), instead of repeating it in every tool of tools/list.
  return v.pipe(v.string(), v.minLength(1), v.maxLength(253));
}

/** The caller's credential of `kind` for `host`, or CredentialsMissingError. */
export function credentialFor(vault: ScopedVault, product: Product, kind: CredentialKind, host: string): Credential {
  const cred = vault.get(product, kind, host);
  if (cred === undefined) throw new CredentialsMissingError(product, kind, host);
  return cred;
}

type HttpsTarget = AxlTarget & RisTarget & CupiTarget;

function httpsTarget(cred: Credential, deps: UcDeps, host: string, port: number): HttpsTarget {
  return {
    host,
    port: cred.port ?? port,
    username: cred.username,
    password: cred.password,
    timeoutMs: deps.settings.requestTimeoutMs,
    tls: deps.tls,
  };
}

/** AXL target for `host` with the caller's AXL credential for the product. */
export function axlTarget(vault: ScopedVault, deps: UcDeps, host: string): AxlTarget {
  return httpsTarget(credentialFor(vault, deps.product, "axl", host), deps, host, deps.settings.httpsPort);
}

/** RisPort70 target: the AXL credentials (the role covers both), the RIS port. */
export function risTarget(vault: ScopedVault, deps: UcDeps, host: string): RisTarget {
  const port = deps.settings.risPort ?? deps.settings.httpsPort;
  return httpsTarget(credentialFor(vault, deps.product, "axl", host), deps, host, port);
}

/** CUPI target for `host` with the caller's CUPI credentials. */
export function cupiTarget(vault: ScopedVault, deps: UcDeps, host: string): CupiTarget {
  return httpsTarget(credentialFor(vault, deps.product, "cupi", host), deps, host, deps.settings.httpsPort);
}

/** VOS CLI target with the caller's OS administrator credentials for the product. */
export function vosTarget(vault: ScopedVault, deps: UcDeps, host: string): VosTarget {
  const cred = credentialFor(vault, deps.product, "os", host);
  return {
    host,
    port: cred.port ?? deps.settings.sshPort,
    username: cred.username,
    password: cred.password,
    timeoutMs: deps.settings.sshTimeoutMs,
    ...deps.settings.terminal,
  };
}

/**
 * The hosts a tool with `all_nodes` addresses: `first`, and with `allNodes` every other host of
 * the product the caller stored AXL credentials for (the cluster as the caller knows it).
 */
export function nodesOf(vault: ScopedVault, product: Product, first: string, allNodes: boolean | undefined): string[] {
  if (allNodes !== true) return [first];
  const others = vault
    .list(product)
    .filter((c) => c.kind === "axl")
    .map((c) => c.host);
  return [...new Set([first, ...others])];
}

/** The port a service of `host` is reached on: the stored credential's, else the configured one. */
export function portFor(vault: ScopedVault, deps: UcDeps, kind: CredentialKind, host: string, fallback: number) {
  return vault.get(deps.product, kind, host)?.port ?? fallback;
}
