/**
 * The operation table of the lab CUCM's AXL: getCCMVersion, executeSQLQuery(/Inactive),
 * executeSQLUpdate, get/list/add/update/remove for every object type in objects.ts, the phone
 * actions (reset, restart, apply), and getLdapSyncStatus, all over the same database.
 */
import type { Database } from "bun:sqlite";
import { InformixError } from "../db/informix.ts";
import { runSqlQuery, runSqlUpdate } from "../db/sql-exec.ts";
import { objectShape } from "../schema/object-shape.ts";
import { axlXsdPath } from "../schema/request-validator.ts";
import { readXsd } from "../schema/xsd-read.ts";
import { AxlFault } from "./faults.ts";
import type { AxlOperation } from "./handler.ts";
import { OBJECT_SPECS } from "./objects.ts";
import { addObject, findPkid, getObject, listObjects, removeObject, updateObject } from "./typed-ops.ts";
import { axlUuid, newPkid, sqlUuid } from "./uuid.ts";
import { el, esc, textOf } from "./xml.ts";

/** Options of {@link cucmOperations}. */
export interface CucmOperationsOptions {
  db: Database;
  /** Full version string, e.g. `15.0.1.12900(34)`. */
  version: string;
  /** executeSQLQuery answer cap in bytes (8 MB on CUCM). */
  maxQueryBytes: number;
  /** Cisco's schema directory: answers then carry every element of the schema's R/L types. */
  schemaDir?: string;
}

/** SQL operations shared by CUCM and IM&P. */
export function sqlOperations(db: Database, maxQueryBytes: number): Array<[string, AxlOperation]> {
  const query: AxlOperation = {
    write: false,
    run: (req) =>
      sqlCall(() => {
        const rows = runSqlQuery(db, textOf(req["sql"]) ?? "", maxQueryBytes);
        const xml = rows.map((row) => `<row>${row.map(([k, v]) => el(k, v)).join("")}</row>`).join("");
        return xml === "" ? "<return/>" : `<return>${xml}</return>`;
      }),
  };
  return [
    ["executeSQLQuery", query],
    // The inactive partition of a node holds the previous release after an upgrade; a lab node
    // has never been upgraded, so both partitions hold the same database.
    ["executeSQLQueryInactive", query],
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
  const phone = OBJECT_SPECS.find((s) => s.axlName === "Phone");
  if (phone) {
    // Reset, restart and apply change no configuration: CUCM asks the device to re-read it.
    // The lab records the request (table lab_devicereset) and answers the phone's {UUID}.
    for (const action of ["reset", "restart", "apply"]) {
      ops.set(`${action}Phone`, {
        write: true,
        run: (req) => {
          const pkid = findPkid(opts.db, phone, req);
          opts.db
            .query("INSERT INTO lab_devicereset VALUES (?, ?, ?, ?)")
            .run(newPkid(), pkid, action, Math.floor(Date.now() / 1000));
          return `<return>${axlUuid(pkid)}</return>`;
        },
      });
    }
  }
  ops.set("getLdapSyncStatus", {
    write: false,
    run: (req) => {
      const uuid = textOf(req["uuid"]);
      const name = textOf(req["name"]);
      const row = opts.db
        .query("SELECT syncnow FROM ldapdirectory WHERE pkid = ? OR name = ?")
        .get(uuid === undefined ? "" : (sqlUuid(uuid) ?? uuid), name ?? "") as { syncnow: string } | null;
      if (!row) throw new AxlFault(5007, "Item not valid: The specified LDAP Directory was not found");
      // "true" while a synchronisation runs (AXLSoap.xsd, GetLdapSyncStatusRes); lab syncs finish at once.
      return `<return>${row.syncnow === "t" ? "true" : "false"}</return>`;
    },
  });
  for (const spec of OBJECT_SPECS) {
    const name = spec.axlName;
    const shape = (verb: "get" | "list", version: string) => {
      const path = axlXsdPath(opts.schemaDir, version);
      return path ? objectShape(readXsd(path), verb, name, spec.element) : undefined;
    };
    ops.set(`get${name}`, { write: false, run: (req, v) => getObject(opts.db, spec, req, shape("get", v)) });
    ops.set(`list${name}`, {
      write: false,
      run: (req, v) => listObjects(opts.db, spec, req, opts.maxQueryBytes, shape("list", v)),
    });
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
