/**
 * The IM&P node's own small database (its AXL serves executeSQLQuery on it; Cisco TAC
 * "IM&P inter-cluster peering" uses exactly that): the presence-enabled users, their home node,
 * and the node list, under IM&P's table names (enduser, processnode, ...). Like the CUCM
 * database it persists in the state directory when given a file.
 */
import { Database } from "bun:sqlite";
import { removeDatabaseFile, reopen, writeStamp } from "../cucm/db/open.ts";

const IMP_DB_REVISION = 1;

/** Creates the IM&P database with `users` presence users homed on `node` (or reopens `file`). */
export function openImpDatabase(
  node: string,
  users: Array<{ pkid: string; userid: string; mailid: string }>,
  options: { file?: string; fresh?: boolean } = {},
): Database {
  const stamp = `imp:${IMP_DB_REVISION}:${node}`;
  const reopened = options.file && !options.fresh ? reopen(options.file, stamp) : undefined;
  if (reopened) return reopened;
  if (options.file) removeDatabaseFile(options.file);
  const db = new Database(options.file ?? ":memory:", { create: true });
  if (options.file) db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  db.exec(`
    CREATE TABLE processnode (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT, isactive TEXT NOT NULL DEFAULT 't');
    CREATE TABLE enduser (pkid TEXT PRIMARY KEY, userid TEXT NOT NULL UNIQUE, mailid TEXT, primarynodeid TEXT REFERENCES processnode(pkid));
    CREATE TABLE presenceredundancygroup (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT, highavailability TEXT NOT NULL DEFAULT 'f');
  `);
  const nodePkid = "8f1c1d9a-0d3e-4a57-9c1e-2b7f5c3a0001";
  db.query("INSERT INTO processnode VALUES (?, ?, ?, 't')").run(nodePkid, node, "IM and Presence publisher");
  db.query("INSERT INTO presenceredundancygroup VALUES (?, ?, ?, 'f')").run(
    "8f1c1d9a-0d3e-4a57-9c1e-2b7f5c3a0002",
    "DefaultCUPSubcluster",
    "Default subcluster",
  );
  const insert = db.prepare("INSERT INTO enduser VALUES (?, ?, ?, ?)");
  db.transaction(() => {
    for (const user of users) insert.run(user.pkid, user.userid, user.mailid, nodePkid);
  })();
  writeStamp(db, stamp);
  return db;
}
