/**
 * The operation table of the lab CUCM's AXL: getCCMVersion, executeSQLQuery, executeSQLUpdate,
 * and get/list/add/update/remove for every object type in objects.ts, all over the same database.
 */
import type { Database } from "bun:sqlite";
import { InformixError } from "../db/informix.ts";
import { runSqlQuery, runSqlUpdate } from "../db/sql-exec.ts";
import { AxlFault } from "./faults.ts";
import type { AxlOperation } from "./handler.ts";
import { OBJECT_SPECS } from "./objects.ts";
import { addObject, getObject, listObjects, removeObject, updateObject } from "./typed-ops.ts";
import { el, esc, textOf } from "./xml.ts";

/** Options of {@link cucmOperations}. */
export interface CucmOperationsOptions {
  db: Database;
  /** Full version string, e.g. `15.0.1.12900(34)`. */
  version: string;
  /** executeSQLQuery answer cap in bytes (8 MB on CUCM). */
  maxQueryBytes: number;
}

/** SQL operations shared by CUCM and IM&P. */
export function sqlOperations(db: Database, maxQueryBytes: number): Array<[string, AxlOperation]> {
  return [
    [
      "executeSQLQuery",
      {
        write: false,
        run: (req) =>
          sqlCall(() => {
            const rows = runSqlQuery(db, textOf(req["sql"]) ?? "", maxQueryBytes);
            const xml = rows.map((row) => `<row>${row.map(([k, v]) => el(k, v)).join("")}</row>`).join("");
            return xml === "" ? "<return/>" : `<return>${xml}</return>`;
          }),
      },
    ],
    [
      "executeSQLUpdate",
      {
        write: true,
        run: (req) =>
          sqlCall(() => `<return><rowsUpdated>${runSqlUpdate(db, textOf(req["sql"]) ?? "")}</rowsUpdated></return>`),
      },
    ],
  ];
}

/** getCCMVersion's answer for a version string. */
export function versionOperation(version: string): [string, AxlOperation] {
  return [
    "getCCMVersion",
    {
      write: false,
      run: () => `<return><componentVersion><version>${esc(version)}</version></componentVersion></return>`,
    },
  ];
}

/** Every operation of the lab CUCM. */
export function cucmOperations(opts: CucmOperationsOptions): Map<string, AxlOperation> {
  const ops = new Map<string, AxlOperation>([
    versionOperation(opts.version),
    ...sqlOperations(opts.db, opts.maxQueryBytes),
  ]);
  for (const spec of OBJECT_SPECS) {
    const name = spec.axlName;
    ops.set(`get${name}`, { write: false, run: (req) => getObject(opts.db, spec, req) });
    ops.set(`list${name}`, { write: false, run: (req) => listObjects(opts.db, spec, req, opts.maxQueryBytes) });
    ops.set(`add${name}`, { write: true, run: (req) => addObject(opts.db, spec, req) });
    ops.set(`update${name}`, { write: true, run: (req) => updateObject(opts.db, spec, req) });
    ops.set(`remove${name}`, { write: true, run: (req) => removeObject(opts.db, spec, req) });
  }
  return ops;
}

function sqlCall(fn: () => string): string {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InformixError) throw new AxlFault(error.code, error.message);
    throw error;
  }
}
