/**
 * Streams a directory tree as a tar (tar-stream): directories, regular files and symbolic
 * links with their modes and modification times; everything else (sockets, fifos, devices) is
 * skipped. Files are read through a descriptor opened before their size is taken, so a state
 * file replaced by an atomic write (new inode) is archived whole, old or new, never mixed.
 * Memory stays flat: each file goes through in chunks, waiting for the consumer.
 */
import { once } from "node:events";
import type { Stats } from "node:fs";
import { lstat, open, readdir, readlink } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { type Pack, pack } from "tar-stream";
import { BackupError } from "./format.ts";

const CHUNK_BYTES = 256 * 1024;

export interface TreeTarOptions {
  root: string;
  /** Absolute paths left out, with everything under them. */
  exclude: readonly string[];
}

export interface TreeTarStats {
  files: number;
  directories: number;
  symlinks: number;
  bytes: number;
}

/** Starts packing; read the returned stream to get the tar, await `done` for the totals. */
export function packTree(options: TreeTarOptions): { tar: Pack; done: Promise<TreeTarStats> } {
  const tar = pack();
  const stats: TreeTarStats = { files: 0, directories: 0, symlinks: 0, bytes: 0 };
  const excluded = new Set(options.exclude.map((p) => p.replace(/[\\/]+$/, "")));
  const done = (async () => {
    try {
      await walk(tar, options.root, options.root, excluded, stats);
      tar.finalize();
      return stats;
    } catch (error) {
      tar.destroy(error as Error);
      throw error;
    }
  })();
  return { tar, done };
}

async function walk(tar: Pack, root: string, dir: string, excluded: Set<string>, stats: TreeTarStats) {
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    const path = join(dir, name);
    if (excluded.has(path)) continue;
    const info = await lstatOrNothing(path);
    if (info === undefined) continue;
    const entryName = relative(root, path).split(sep).join("/");
    const common = { mode: info.mode & 0o7777, mtime: info.mtime, uid: info.uid, gid: info.gid };
    if (info.isDirectory()) {
      await addEntry(tar, { ...common, name: `${entryName}/`, type: "directory" });
      stats.directories++;
      await walk(tar, root, path, excluded, stats);
    } else if (info.isSymbolicLink()) {
      const target = await readlink(path).catch(() => undefined);
      if (target === undefined) continue;
      await addEntry(tar, { ...common, name: entryName, type: "symlink", linkname: target });
      stats.symlinks++;
    } else if (info.isFile()) {
      const added = await addFile(tar, path, entryName, common);
      if (added !== undefined) {
        stats.files++;
        stats.bytes += added;
      }
    }
  }
}

async function lstatOrNothing(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    // Removed between the listing and now (a temp file of an atomic write): nothing to keep.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function addEntry(tar: Pack, header: Parameters<Pack["entry"]>[0]): Promise<void> {
  return new Promise((resolve, reject) => {
    tar.entry(header, (error) => (error ? reject(error) : resolve()));
  });
}

async function addFile(
  tar: Pack,
  path: string,
  name: string,
  common: { mode: number; mtime: Date; uid: number; gid: number },
): Promise<number | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const info = await handle.stat();
    const size = info.size;
    let settle!: (error?: Error | null) => void;
    const finished = new Promise<void>((done, fail) => {
      settle = (error) => (error ? fail(error) : done());
    });
    const entry = tar.entry(
      { ...common, mode: info.mode & 0o7777, mtime: info.mtime, name, type: "file", size },
      settle,
    );
    let offset = 0;
    while (offset < size) {
      // A fresh chunk each time: the entry may hold it after write() returns.
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - offset));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      if (bytesRead === 0) throw new BackupError(`${path} shrank while it was being archived; run the backup again`);
      offset += bytesRead;
      if (!entry.write(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead))) await once(entry, "drain");
    }
    entry.end(null); // streamx: end(null) ends without a last chunk
    await finished;
    return size;
  } finally {
    await handle.close();
  }
}
