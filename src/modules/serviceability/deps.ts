/**
 * What the serviceability module is built with: the shared UC deps of each product that serves
 * the Serviceability SOAP APIs (CUCM and IM&P; Unity Connection is not offered, see
 * docs/serviceability.md) and the two protocol clients.
 */
import type { ControlCenterClient } from "../../protocols/serviceability/control-center.ts";
import type { PerfmonClient } from "../../protocols/serviceability/perfmon.ts";
import type { ServiceabilityTarget } from "../../protocols/serviceability/soap-call.ts";
import type { ScopedVault } from "../../vault/vault.ts";
import type { UcDeps } from "../uc/deps.ts";
import { credentialFor } from "../uc/targets.ts";

/** The products with Serviceability APIs. */
export type ServiceabilityProduct = "cucm" | "imp";

/** The module's dependencies. */
export interface ServiceabilityDeps {
  products: Array<UcDeps<ServiceabilityProduct>>;
  controlCenter: ControlCenterClient;
  perfmon: PerfmonClient;
}

/** One product's view: its UC deps plus the clients. */
export interface ProductServiceability {
  uc: UcDeps<ServiceabilityProduct>;
  controlCenter: ControlCenterClient;
  perfmon: PerfmonClient;
}

/** The target of `host`: the caller's AXL credential (same application user) on the HTTPS port. */
export function serviceabilityTarget(vault: ScopedVault, uc: UcDeps, host: string): ServiceabilityTarget {
  const cred = credentialFor(vault, uc.product, "axl", host);
  return {
    host,
    port: cred.port ?? uc.settings.httpsPort,
    username: cred.username,
    password: cred.password,
    timeoutMs: uc.settings.requestTimeoutMs,
    tls: uc.tls,
  };
}
