/**
 * The caller's downloads: `clients/<name>/downloads/<file>`. The client name comes from the
 * authenticated caller, file names are built by the writers (trace downloads, captures, AXL answers
 * written with `to_file`) and checked against a strict pattern (no separators, no leading dot), so
 * nothing is ever written or read outside the folder. Each write is atomic and checked first
 * against the per-client quota.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { writeFileAtomic } from "../fs/atomic.ts";
import { LimitExceededError, NotFoundError } from "../mcp/errors.ts";
import { clientPaths } from "./client-paths.ts";

/** A stored file name: letters, digits, dot, dash, underscore; no leading dot. */
export const DOWNLOAD_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/** Size limits of downloads. */
export interface DownloadLimits {
  /** Largest single file fetched or written. */
  fileBytes: number;
  /** Everything one client keeps in its downloads folder. */
  quotaBytes: number;
}

/** 50 MB per file and 500 MB per client: a busy hour of CallManager SDL traces fits. */
export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = { fileBytes: 50 * 1024 * 1024, quotaBytes: 500 * 1024 * 1024 };

/** One stored file. */
export interface StoredFile {
  name: string;
  bytes: number;
  modified: string;
}

/** The downloads of one client. */
export interface DownloadStore {
  readonly dir: string;
  list(): StoredFile[];
  used(): number;
  /** Saves `data` as `name` (replacing a file of that name); refuses beyond the quota. */
  save(name: string, data: Uint8Array): StoredFile;
  /** The bytes of `name`. */
  read(name: string): Uint8Array;
  /** The text of `name`, gunzipped when it is a .gz file. */
  text(name: string): string;
  /** Removes `name`; false when it did not exist. */
  remove(name: string): boolean;
}

/** `<host>_<base name of the remote path>`, made safe. */
export function downloadName(host: string, remotePath: string): string {
  const base = remotePath.split("/").pop() ?? "file";
  const safe = `${host}_${base}`.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^[.]+/, "");
  return safe.slice(0, 200);
}

/** Opens the downloads folder of `client` (created on first save). */
export function openDownloads(clientsDir: string, client: string, quotaBytes: number): DownloadStore {
  const dir = join(clientPaths(clientsDir, client).dir, "downloads");
  const pathOf = (name: string) => {
    if (!DOWNLOAD_NAME.test(name) || name.includes(".."))
      throw new NotFoundError(`No download "${name}" in your area`, "Use a name from cucm_downloads.");
    return join(dir, name);
  };
  const list = (): StoredFile[] =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => DOWNLOAD_NAME.test(f) && !f.includes(".tmp"))
          .map((f) => {
            const st = statSync(join(dir, f));
            return { name: f, bytes: st.size, modified: st.mtime.toISOString() };
          })
          .sort((a, b) => b.modified.localeCompare(a.modified))
      : [];
  const read = (name: string): Uint8Array => {
    const path = pathOf(name);
    if (!existsSync(path))
      throw new NotFoundError(`No download "${name}" in your area`, "Use a name from cucm_downloads.");
    return readFileSync(path);
  };
  return {
    dir,
    list,
    used: () => list().reduce((sum, f) => sum + f.bytes, 0),
    save(name, data) {
      const path = pathOf(name);
      const replaced = existsSync(path) ? statSync(path).size : 0;
      const after = list().reduce((sum, f) => sum + f.bytes, 0) - replaced + data.byteLength;
      if (after > quotaBytes)
        throw new LimitExceededError(
          `Saving ${name} (${data.byteLength} bytes) would bring your downloads to ${after} bytes, over your ${quotaBytes}-byte quota; nothing was saved`,
          "Delete downloads you no longer need (cucm_downloads with delete), then retry.",
          { bytes: data.byteLength, quotaBytes },
        );
      // Owner-only: traces and captures can hold personal data.
      writeFileAtomic(path, data);
      return { name, bytes: data.byteLength, modified: new Date().toISOString() };
    },
    read,
    remove(name) {
      const path = pathOf(name);
      if (!existsSync(path)) return false;
      rmSync(path);
      return true;
    },
    text(name) {
      const bytes = read(name);
      const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
      return Buffer.from(gz ? gunzipSync(bytes) : bytes).toString("utf8");
    },
  };
}
