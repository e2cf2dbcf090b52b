/**
 * Verify and restore. Both read the whole archive once and check the sidecar and the GCM tag;
 * a restore writes only after that pass succeeded, into a hidden folder next to the target
 * that is renamed into place at the end, so an interrupted restore leaves no half tree under
 * the target's name. A non-empty target is refused unless `overwrite` is set (then files are
 * written straight into it, replacing those with the same name).
 */
import { existsSync, readdirSync, renameSync, rmdirSync, statSync } from "node:fs";
import { chmod, lutimes, mkdir, mkdtemp, open, rm, symlink, unlink, utimes } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { type EntryVisitor, type ReadSummary, readArchive } from "./archive-reader.ts";
import { BackupError } from "./format.ts";
import type { KeyringSources } from "./keyring.ts";

async function drain(body: AsyncIterable<unknown>) {
  for await (const _ of body) {
    // Only the bytes' passage through the decryption and the tag matter here.
  }
}

/** Checks sidecar, wrapped key, GCM tag and every entry name; writes nothing. */
export function verifyBackup(path: string, keyring: KeyringSources): Promise<ReadSummary> {
  return readArchive(path, keyring, (_entry, body) => drain(body));
}

export interface RestoreOptions {
  /** Restore into a folder that already holds files, replacing files of the same name. */
  overwrite?: boolean;
}

/** Verifies, then restores the tree into `target` (created if missing). */
export async function restoreBackup(
  path: string,
  target: string,
  keyring: KeyringSources,
  options: RestoreOptions = {},
): Promise<ReadSummary> {
  const destination = resolve(target);
  const occupied = existsSync(destination) && readdirSync(destination).length > 0;
  if (existsSync(destination) && !statSync(destination).isDirectory())
    throw new BackupError(`${destination} exists and is not a folder`);
  if (occupied && options.overwrite !== true)
    throw new BackupError(
      `${destination} is not empty; restore into an empty or new folder, or pass --overwrite to replace its files`,
    );
  await verifyBackup(path, keyring);
  if (occupied) return extractWith(path, keyring, extractInto(destination, true));
  await mkdir(dirname(destination), { recursive: true });
  const staging = await mkdtemp(join(dirname(destination), `.${basename(destination)}.restoring-`));
  try {
    const summary = await extractWith(path, keyring, extractInto(staging, false));
    if (existsSync(destination)) {
      await chmod(staging, statSync(destination).mode & 0o7777);
      rmdirSync(destination);
    } else await chmod(staging, 0o750);
    renameSync(staging, destination);
    return summary;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

interface Extractor {
  visit: EntryVisitor;
  /** Gives folders their mode and time, deepest first (a read-only folder would refuse its files). */
  finish(): Promise<void>;
}

async function extractWith(path: string, keyring: KeyringSources, extractor: Extractor): Promise<ReadSummary> {
  const summary = await readArchive(path, keyring, extractor.visit);
  await extractor.finish();
  return summary;
}

function extractInto(base: string, replace: boolean): Extractor {
  const folders: Array<{ path: string; mode: number; mtime: Date }> = [];
  const visit: EntryVisitor = async (entry, body) => {
    const path = join(base, ...entry.path.split("/"));
    if (entry.type === "directory") {
      await mkdir(path, { recursive: true, mode: 0o700 });
      folders.push({ path, mode: entry.mode, mtime: entry.mtime });
      await drain(body);
      return;
    }
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    if (replace) await unlink(path).catch(() => undefined);
    if (entry.type === "symlink") {
      await symlink(entry.linkname ?? "", path);
      await lutimes(path, entry.mtime, entry.mtime).catch(() => undefined);
      await drain(body);
      return;
    }
    const file = await open(path, "wx", 0o600);
    try {
      for await (const chunk of body) {
        const bytes = chunk as Buffer;
        let offset = 0;
        while (offset < bytes.length) offset += (await file.write(bytes, offset)).bytesWritten;
      }
      await file.chmod(entry.mode);
      await file.utimes(entry.mtime, entry.mtime);
      await file.sync();
    } finally {
      await file.close();
    }
  };
  return {
    visit,
    async finish() {
      for (const folder of folders.reverse()) {
        await chmod(folder.path, folder.mode);
        await utimes(folder.path, folder.mtime, folder.mtime);
      }
    },
  };
}
