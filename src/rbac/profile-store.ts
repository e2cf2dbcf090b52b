/**
 * The profiles in force (docs/profiles.md): every profiles/*.json loaded and validated at start,
 * then hot-reloaded on change (fs.watch, debounced). A broken edit is refused: the last good
 * version of that profile stays in force and the audit log says why (`profile.rejected`);
 * a good edit is audited as `profile.reloaded`. A deleted file keeps its last good version
 * too, so a half-finished `mv` never locks a client out.
 */
import { type FSWatcher, readdirSync, readFileSync, watch } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import type { AuditLog } from "../logging/logger.ts";
import { type Profile, parseProfileText } from "./profile-schema.ts";

export interface ProfileStore {
  /** The profile in force, or undefined when no good version was ever loaded. */
  get(name: string): Profile | undefined;
  names(): string[];
  /** Re-reads every file now (the watcher calls this; tests may too). */
  reload(): void;
  close(): void;
}

export interface ProfileStoreOptions {
  dir: string;
  strict: boolean;
  audit: AuditLog;
  logger?: Logger;
  watch?: boolean;
  debounceMs?: number;
}

/** Loads profiles/ and (unless watch is false) watches it. */
export function createProfileStore(options: ProfileStoreOptions): ProfileStore {
  const good = new Map<string, Profile>();
  const lastText = new Map<string, string>();
  const load = (initial: boolean) => {
    let files: string[] = [];
    try {
      files = readdirSync(options.dir).filter((f) => f.endsWith(".json") && !f.startsWith("."));
    } catch {
      return;
    }
    for (const file of files) {
      const name = file.slice(0, -5);
      let text: string;
      try {
        text = readFileSync(join(options.dir, file), "utf8");
      } catch {
        continue;
      }
      if (lastText.get(name) === text) continue;
      lastText.set(name, text);
      const parsed = parseProfileText(text, options.strict);
      if (parsed.ok) {
        good.set(name, parsed.profile);
        if (!initial) options.audit.event("profile.reloaded", { profile: name });
      } else {
        const kept = good.has(name);
        options.audit.event("profile.rejected", {
          profile: name,
          problems: parsed.problems.slice(0, 10),
          keptLastGood: kept,
        });
        options.logger?.error(
          { profile: name, problems: parsed.problems },
          kept ? "profile edit refused; last good version stays in force" : "profile refused",
        );
      }
    }
  };
  load(true);
  let watcher: FSWatcher | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (options.watch !== false) {
    try {
      watcher = watch(options.dir, () => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(() => load(false), options.debounceMs ?? 150);
      });
      watcher.unref();
    } catch (error) {
      options.logger?.warn({ err: error }, "cannot watch profiles/: hot reload disabled");
    }
  }
  return {
    get: (name) => good.get(name),
    names: () => [...good.keys()].sort(),
    reload: () => load(false),
    close() {
      if (timer !== undefined) clearTimeout(timer);
      watcher?.close();
    },
  };
}
