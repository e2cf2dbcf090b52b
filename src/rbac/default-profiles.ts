/**
 * The three default profiles, embedded in the binary (profiles/_default/ in the source tree).
 * At every start they are written to <root>/profiles/_default/ and copied to <root>/profiles/,
 * so an upgrade brings their new version; custom profiles are never touched (docs/profiles.md,
 * "Files").
 */
import admin from "../../profiles/_default/admin.json";
import auditor from "../../profiles/_default/auditor.json";
import operator from "../../profiles/_default/operator.json";

const asFile = (profile: unknown) => `${JSON.stringify(profile, null, 2)}\n`;

/** Profile name → file content. */
export const DEFAULT_PROFILES: Readonly<Record<string, string>> = {
  admin: asFile(admin),
  operator: asFile(operator),
  auditor: asFile(auditor),
};
