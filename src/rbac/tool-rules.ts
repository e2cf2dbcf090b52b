/**
 * Per-tool rules of a profile (our extension, docs/profiles.md): `tools.deny` globs always win;
 * a *restricted* tool (credential writes, fingerprint trust, toolkit download, deletes; each
 * declares it in its definition) needs a matching `tools.allow` glob; any other tool is
 * allowed when its product is in scope. A custom profile without a `tools`
 * section therefore gets every ordinary tool and no restricted one.
 */
import type { Profile } from "./profile-schema.ts";

function globMatch(glob: string, name: string): boolean {
  const parts = glob.split("*");
  if (parts.length === 1) return glob === name;
  let at = 0;
  for (const [i, part] of parts.entries()) {
    if (i === 0) {
      if (!name.startsWith(part)) return false;
      at = part.length;
      continue;
    }
    if (i === parts.length - 1) return name.length - part.length >= at && name.endsWith(part);
    const found = name.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return true;
}

/** Decides whether the profile may see and call the tool at all. */
export function toolAllowed(
  profile: Profile,
  name: string,
  restricted: boolean,
): { allowed: boolean; reason?: string } {
  const deny = profile.tools?.deny ?? [];
  const allow = profile.tools?.allow ?? [];
  const denied = deny.find((g) => globMatch(g, name));
  if (denied !== undefined) return { allowed: false, reason: `tool ${name} is denied by the profile (${denied})` };
  if (restricted && !allow.some((g) => globMatch(g, name)))
    return { allowed: false, reason: `tool ${name} is restricted and the profile's tools.allow does not list it` };
  return { allowed: true };
}
