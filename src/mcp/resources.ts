/**
 * The resources framework: reference notes and per-caller data a
 * module declares with `defineResource`. `read` receives the caller, so a resource such as
 * the caller's profile or reports can only ever show the caller's own data.
 */
import type { Principal } from "../auth/principal.ts";
import type { Product, Profile } from "../rbac/profile-schema.ts";

/** A resource declaration. */
export interface ResourceDefinition {
  uri: string;
  name: string;
  title?: string;
  description: string;
  mimeType: string;
  product?: Product;
  read(caller: { principal: Principal; profile: Profile }): Promise<string> | string;
}

/**
 * A family of per-caller resources whose URIs are known only at request time (the caller's
 * reports): `list` gives the caller's current entries, `read` one of them, or undefined when
 * the URI is not the caller's.
 */
export interface ResourceCollection {
  product?: Product;
  list(caller: { principal: Principal; profile: Profile }): Array<Omit<ResourceDefinition, "read" | "product">>;
  read(caller: { principal: Principal; profile: Profile }, uri: string): { mimeType: string; text: string } | undefined;
}

/** Declares a resource (identity; for symmetry with defineTool). */
export function defineResource(resource: ResourceDefinition): ResourceDefinition {
  return resource;
}

/** The built-in resource: the caller's own RBAC profile, as JSON. */
export const PROFILE_RESOURCE: ResourceDefinition = defineResource({
  uri: "bridge://profile",
  name: "profile",
  title: "Your RBAC profile",
  description:
    "The RBAC profile in force for you: product scope, allowed AXL operations, SSH commands, CUPI paths, RIS filters, rate limits and tool rules. Read it before planning calls.",
  mimeType: "application/json",
  read: ({ principal, profile }) => JSON.stringify({ name: principal.profile, ...profile }, null, 2),
});
