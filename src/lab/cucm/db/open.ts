/**
 * Opens the lab CUCM database: an in-memory SQLite database (the data set is regenerated,
 * deterministically, at every start) with CUCM's schema and the chosen data set.
 */
import { Database } from "bun:sqlite";
import { type DataSetNode, type DataSetSize, type LabDataSetName, populate } from "./dataset.ts";
import { createSchema } from "./schema.ts";

/** Creates and fills the database. */
export function openCucmDatabase(
  dataSet: LabDataSetName,
  seed: number,
  nodes: DataSetNode[],
): { db: Database; size: DataSetSize } {
  const db = new Database(":memory:");
  createSchema(db);
  const size = populate(db, dataSet, seed, nodes);
  return { db, size };
}
