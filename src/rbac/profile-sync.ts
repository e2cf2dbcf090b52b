/**
 * Startup step 3: write the embedded default profiles to profiles/_default/ and copy them
 * to profiles/. Only the three default names are written; any other file in profiles/ is a
 * custom profile and is left alone.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PUBLIC_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import { DEFAULT_PROFILES } from "./default-profiles.ts";

export interface ProfileSyncResult {
  /** Default profiles whose copy in profiles/ changed (new install or upgrade). */
  updated: string[];
  /** Every file this call wrote (for the integrity manifest, which must not call them tampered). */
  written: string[];
}

/** Writes the defaults; rewrites a file only when its content differs. */
export function syncDefaultProfiles(profilesDir: string): ProfileSyncResult {
  const updated: string[] = [];
  const written: string[] = [];
  for (const [name, text] of Object.entries(DEFAULT_PROFILES)) {
    for (const target of [join(profilesDir, "_default", `${name}.json`), join(profilesDir, `${name}.json`)]) {
      if (existsSync(target) && readFileSync(target, "utf8") === text) continue;
      writeFileAtomic(target, text, { mode: PUBLIC_FILE_MODE });
      written.push(target);
      if (!target.includes("_default")) updated.push(name);
    }
  }
  return { updated, written };
}

/** True when profiles/<name>.json exists (the profile named by a client must exist). */
export function profileExists(profilesDir: string, name: string): boolean {
  return existsSync(join(profilesDir, `${name}.json`));
}
