/**
 * UUID spelling: CUCM stores pkids lowercase without braces (what executeSQLQuery returns) and
 * AXL's typed operations show them `{UPPERCASE}` (AXL Developer Guide, "UUIDs"); requests may use
 * either form.
 */
import { randomUUID } from "node:crypto";
import { LAB_PATTERNS } from "../../../util/patterns.ts";

/** `{ABCD…}` for AXL responses. */
export function axlUuid(pkid: string): string {
  return `{${pkid.toUpperCase()}}`;
}

/** The stored (SQL) form of a UUID given in any AXL spelling, or undefined when malformed. */
export function sqlUuid(value: string): string | undefined {
  return LAB_PATTERNS.uuid.exec(value.trim())?.[1]?.toLowerCase();
}

/** A fresh pkid for rows the lab creates at run time. */
export function newPkid(): string {
  return randomUUID();
}
