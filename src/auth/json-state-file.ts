/**
 * A small JSON state file under secrets/ shared between the server and the CLI (token
 * generations, blocked IPs, refresh tokens, registrations, consents): read lazily, reloaded
 * whenever another process replaced it (mtime, size or inode changed; an atomic rename always
 * gives a new inode), and rewritten atomically with mode 600 on every change.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";

/** One JSON state file. */
export interface JsonStateFile<T> {
  /** The current content (reloaded first when the file changed on disk). */
  read(): T;
  /** Applies `change` to the current content and persists the result atomically. */
  update(change: (data: T) => void): T;
}

/**
 * Opens the file at `path`. `parse` turns untrusted JSON into the content and must not throw
 * for any input: a damaged file must not stop authentication (it yields what `parse` keeps).
 */
export function openJsonStateFile<T>(path: string, parse: (data: unknown) => T): JsonStateFile<T> {
  let loadedStamp = "";
  let content = parse(undefined);
  const stamp = () => {
    if (!existsSync(path)) return "none";
    const stat = statSync(path);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  };
  const reload = () => {
    const current = stamp();
    if (current === loadedStamp) return;
    loadedStamp = current;
    let data: unknown;
    if (current !== "none") {
      try {
        data = JSON.parse(readFileSync(path, "utf8"));
      } catch {
        data = undefined;
      }
    }
    content = parse(data);
  };
  return {
    read() {
      reload();
      return content;
    },
    update(change) {
      reload();
      change(content);
      writeFileAtomic(path, `${JSON.stringify(content, null, 2)}\n`, { mode: SECRET_FILE_MODE });
      loadedStamp = stamp();
      return content;
    },
  };
}

/** The own enumerable entries of `data` when it is a plain object, else none. */
export function objectEntries(data: unknown): Array<[string, unknown]> {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return [];
  return Object.entries(data as Record<string, unknown>);
}
