/**
 * Small helpers every CUCM tool shares: the common `host` input field, the resolver type, and
 * `upstream(kind, fn)`, which maps any protocol failure to the tool layer's typed errors once
 * (src/protocols/tool-errors.ts), so the agent always gets a stable code and a hint.
 */
import * as v from "valibot";
import type { ApplianceCore } from "../../appliance/startup.ts";
import type { ToolError } from "../../mcp/errors.ts";
import { toToolError } from "../../protocols/tool-errors.ts";
import type { CucmServices } from "./services.ts";

/** How a tool reaches the shared clients. */
export type Services = (core: ApplianceCore) => CucmServices;

/** The `host` field of every CUCM tool. */
export const hostField = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(253),
  v.description("CUCM publisher host name or IP address, as stored with cucm_store_credentials"),
);

/** Runs `fn`, turning protocol errors into ToolErrors for the given credential kind. */
export async function upstream<T>(kind: "axl" | "os" | "phone", fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapped(err, kind);
  }
}

/** The typed error for `err` (already-typed errors pass through). */
export function mapped(err: unknown, kind: "axl" | "os" | "phone"): ToolError {
  return toToolError(err, { product: "cucm", kind });
}
