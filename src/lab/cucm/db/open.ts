/**
 * Opens the lab CUCM database. Without a file it lives in memory (regenerated, deterministically,
 * at every start). With a file (`<state>/cucm.sqlite`) it persists: a restart on the same state
 * directory keeps every change made through AXL or SQL. A file written by another data set, seed
 * or lab schema revision is replaced by a fresh one, and `fresh` asks for that explicitly.
 */
import { Database } from "bun:sqlite";
import { existsSync, rmSync } from "node:fs";
import { type DataSetNode, type DataSetSize, type LabDataSetName, populate } from "./dataset.ts";
import type { EnumRow } from "./enums.ts";
import { createSchema } from "./schema.ts";

/** Bumped whenever the lab's tables or generated rows change shape (older files are rebuilt). */
const LAB_DB_REVISION = 5;

/** Options of {@link openCucmDatabase} beyond the data set. */
export interface OpenDatabaseOptions {
  /** SQLite file to keep the database in; in memory when absent. */
  file?: string;
  /** Discard the file's content and generate the data set again. */
  fresh?: boolean;
  /** Rows of the enumeration tables (enum-check.ts); the hand-checked table when absent. */
  enums?: Map<string, readonly EnumRow[]>;
}

/** Creates and fills the database, or reopens the persisted one. */
export function openCucmDatabase(
  dataSet: LabDataSetName,
  seed: number,
  nodes: DataSetNode[],
  options: OpenDatabaseOptions = {},
): { db: Database; size: DataSetSize; restored: boolean } {
  const stamp = `${LAB_DB_REVISION}:${dataSet}:${seed}:${nodes.map((n) => n.name).join(",")}`;
  const reopened = options.file && !options.fresh ? reopen(options.file, stamp) : undefined;
  if (reopened) return { db: reopened, size: sizeOf(reopened), restored: true };
  const memory = new Database(":memory:");
  tune(memory, false);
  createSchema(memory, options.enums);
  populate(memory, dataSet, seed, nodes);
  writeStamp(memory, stamp);
  if (!options.file) return { db: memory, size: sizeOf(memory), restored: false };
  // Generated in memory, then written out in one pass: much faster than inserting on disk.
  removeDatabaseFile(options.file);
  memory.query("VACUUM INTO ?").run(options.file);
  memory.close();
  const db = new Database(options.file);
  tune(db, true);
  return { db, size: sizeOf(db), restored: false };
}

/** Opens `file` when it carries `stamp`; otherwise closes it and answers undefined. */
export function reopen(file: string, stamp: string): Database | undefined {
  if (!existsSync(file)) return undefined;
  let db: Database | undefined;
  try {
    db = new Database(file);
    const row = db.query("SELECT value FROM lab_meta WHERE key = 'stamp'").get() as { value: string } | null;
    if (row?.value === stamp) {
      tune(db, true);
      return db;
    }
  } catch {
    // Not a lab database (or damaged): it is rebuilt.
  }
  db?.close();
  return undefined;
}

/** Records what generated the database, so a restart knows whether it may reuse it. */
export function writeStamp(db: Database, stamp: string): void {
  db.exec("CREATE TABLE IF NOT EXISTS lab_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  db.query("INSERT OR REPLACE INTO lab_meta VALUES ('stamp', ?)").run(stamp);
}

/** Deletes a database file and its journal. */
export function removeDatabaseFile(file: string): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
}

function tune(db: Database, onDisk: boolean): void {
  db.exec("PRAGMA foreign_keys = ON");
  // Each committed AXL write survives a crash of the lab; WAL keeps readers and the writer apart.
  if (onDisk) db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
}

function sizeOf(db: Database): DataSetSize {
  const count = (sql: string): number => (db.query(sql).get() as { n: number }).n;
  return {
    phones: count("SELECT count(*) AS n FROM device WHERE tkclass = 1"),
    lines: count("SELECT count(*) AS n FROM numplan WHERE tkpatternusage = 2"),
    users: count("SELECT count(*) AS n FROM enduser"),
  };
}
