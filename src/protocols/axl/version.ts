/**
 * AXL schema versions: the SOAPAction and the body namespace always name the same version (AXL
 * Developer Guide, "AXL versioning": "Both should be included, and must indicate the same
 * version"), and HTTP 599 answers name the versions a node supports, from which the highest usable
 * one is picked and remembered per host.
 */
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";

/** Schema versions published by Cisco, oldest first (there is no 13.x). */
export const KNOWN_AXL_VERSIONS = ["10.0", "10.5", "11.0", "11.5", "12.0", "12.5", "14.0", "15.0"] as const;

/** The body namespace of a version: `http://www.cisco.com/AXL/API/15.0`. */
export function axlNamespace(version: string): string {
  return `http://www.cisco.com/AXL/API/${version}`;
}

/** The SOAPAction header value, quoted as in the DevNet example: `"CUCM:DB ver=15.0 getPhone"`. */
export function axlSoapAction(version: string, operation: string): string {
  return `"CUCM:DB ver=${version} ${operation}"`;
}

/** Compares `major.minor` strings numerically. */
export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split(".").map(Number);
  const [bm = 0, bn = 0] = b.split(".").map(Number);
  return am === bm ? an - bn : am - bm;
}

/**
 * Reads the versions listed in a 599 body ("Supported axl versions are 12.x, 14.0 and 15.0").
 * `12.x` expands to every usable 12 minor. Returns [] when the text names none.
 */
export function parseSupportedVersions(body: string, usable: readonly string[] = KNOWN_AXL_VERSIONS): string[] {
  const m = PROTOCOL_PATTERNS.axlSupportedVersions.exec(body);
  if (!m?.[1]) return [];
  const out = new Set<string>();
  for (const t of m[1].matchAll(PROTOCOL_PATTERNS.axlVersionToken)) {
    const [, major, minor] = t;
    if (minor === "x") for (const u of usable) if (u.startsWith(`${major}.`)) out.add(u);
    if (minor !== "x") out.add(`${major}.${minor}`);
  }
  return [...out];
}

/** The highest version in `supported` that we can speak, or undefined. */
export function pickHighestUsable(supported: readonly string[], usable: readonly string[] = KNOWN_AXL_VERSIONS) {
  return supported
    .filter((v) => usable.includes(v))
    .sort(compareVersions)
    .at(-1);
}

/** Per-host memory of the negotiated version (lives as long as the client). */
export class VersionMemory {
  readonly #byHost = new Map<string, string>();
  get(host: string): string | undefined {
    return this.#byHost.get(host);
  }
  set(host: string, version: string): void {
    this.#byHost.set(host, version);
  }
}
