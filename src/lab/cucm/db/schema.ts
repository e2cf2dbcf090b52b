/**
 * The lab CUCM database schema: a subset of Cisco Unified CM's Informix data dictionary ("Cisco
 * Unified Communications Manager Data Dictionary", tables device, numplan, devicenumplanmap,
 * enduser, typemodel, typeclass, devicepool, callingsearchspace, routepartition, ...) expressed
 * for SQLite, with CUCM's table and column names so `executeSQLQuery` written for a real cluster
 * runs unchanged. Primary keys (`pkid`) are lowercase UUIDs without braces, as CUCM stores them;
 * booleans are Informix `t`/`f`.
 */
import type { Database } from "bun:sqlite";
import { enumRows } from "./enum-check.ts";
import type { EnumRow } from "./enums.ts";

/** Small reference tables that only carry a name (foreign-key targets of phones and pools). */
export const NAMED_TABLES = [
  "datetimesetting",
  "region",
  "srst",
  "aarneighborhood",
  "location",
  "commonphoneconfig",
  "phonetemplate",
  "securityprofile",
  "presencegroup",
  "dialplan",
  "digitdiscardinstruction",
  "routefilter",
  "sipprofile",
  "mediaresourcelist",
] as const;

const TABLES = `
CREATE TABLE callmanagergroup (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT, tftpdefault TEXT NOT NULL DEFAULT 'f');
CREATE TABLE processnode (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, mac TEXT, description TEXT, tknodeusage INTEGER NOT NULL REFERENCES typenodeusage(enum), tkprocessnoderole INTEGER NOT NULL REFERENCES typeprocessnoderole(enum), isactive TEXT NOT NULL DEFAULT 't', systemnode TEXT NOT NULL DEFAULT 'f');
CREATE TABLE callmanager (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT, fkprocessnode TEXT NOT NULL REFERENCES processnode(pkid));
CREATE TABLE callmanagergroupmember (pkid TEXT PRIMARY KEY, fkcallmanagergroup TEXT NOT NULL REFERENCES callmanagergroup(pkid) ON DELETE CASCADE, fkcallmanager TEXT NOT NULL REFERENCES callmanager(pkid) ON DELETE CASCADE, priority INTEGER NOT NULL);
CREATE TABLE devicepool (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, fkcallmanagergroup TEXT REFERENCES callmanagergroup(pkid), fkdatetimesetting TEXT REFERENCES datetimesetting(pkid), fkregion TEXT REFERENCES region(pkid), fksrst TEXT REFERENCES srst(pkid), fkaarneighborhood TEXT REFERENCES aarneighborhood(pkid), fklocation TEXT REFERENCES location(pkid));
CREATE TABLE routepartition (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT, tkpartitionusage INTEGER NOT NULL DEFAULT 2, useoriginatingdevicetimezone TEXT NOT NULL DEFAULT 't');
CREATE TABLE callingsearchspace (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT, clause TEXT, tkpartitionusage INTEGER NOT NULL DEFAULT 2);
CREATE TABLE callingsearchspacemember (pkid TEXT PRIMARY KEY, fkcallingsearchspace TEXT NOT NULL REFERENCES callingsearchspace(pkid) ON DELETE CASCADE, fkroutepartition TEXT NOT NULL REFERENCES routepartition(pkid), sortorder INTEGER NOT NULL);
CREATE TABLE enduser (pkid TEXT PRIMARY KEY, userid TEXT NOT NULL UNIQUE, firstname TEXT, middlename TEXT, lastname TEXT NOT NULL, displayname TEXT, mailid TEXT, department TEXT, telephonenumber TEXT, title TEXT, fkpresencegroup TEXT REFERENCES presencegroup(pkid), status INTEGER NOT NULL DEFAULT 1);
CREATE TABLE applicationuser (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, fkpresencegroup TEXT REFERENCES presencegroup(pkid), acceptpresencesubscription TEXT NOT NULL DEFAULT 'f', acceptoutofdialogrefer TEXT NOT NULL DEFAULT 'f', acceptunsolicitednotification TEXT NOT NULL DEFAULT 'f', allowreplaceheader TEXT NOT NULL DEFAULT 'f', isstandard TEXT NOT NULL DEFAULT 'f');
CREATE TABLE device (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT, tkclass INTEGER NOT NULL REFERENCES typeclass(enum), tkmodel INTEGER NOT NULL REFERENCES typemodel(enum), tkproduct INTEGER NOT NULL REFERENCES typeproduct(enum), tkdeviceprotocol INTEGER NOT NULL REFERENCES typedeviceprotocol(enum), fkdevicepool TEXT REFERENCES devicepool(pkid), fkcallingsearchspace TEXT REFERENCES callingsearchspace(pkid), fklocation TEXT REFERENCES location(pkid), fkcommonphoneconfig TEXT REFERENCES commonphoneconfig(pkid), fkphonetemplate TEXT REFERENCES phonetemplate(pkid), fksecurityprofile TEXT REFERENCES securityprofile(pkid), fkenduser TEXT REFERENCES enduser(pkid) ON DELETE SET NULL, fksipprofile TEXT REFERENCES sipprofile(pkid), fkcallmanagergroup TEXT REFERENCES callmanagergroup(pkid), fkmediaresourcelist TEXT REFERENCES mediaresourcelist(pkid));
CREATE TABLE numplan (pkid TEXT PRIMARY KEY, dnorpattern TEXT NOT NULL, description TEXT, tkpatternusage INTEGER NOT NULL REFERENCES typepatternusage(enum), fkroutepartition TEXT REFERENCES routepartition(pkid), alertingname TEXT, blockenable TEXT NOT NULL DEFAULT 'f', fkdialplan TEXT REFERENCES dialplan(pkid), fkdigitdiscardinstruction TEXT REFERENCES digitdiscardinstruction(pkid), fkroutefilter TEXT REFERENCES routefilter(pkid), isemergencyservicenumber TEXT NOT NULL DEFAULT 'f', calledpartytransformationmask TEXT, callingpartytransformationmask TEXT, prefixdigitsout TEXT, fkcallingsearchspace_translation TEXT REFERENCES callingsearchspace(pkid), cfnaduration INTEGER, fkcallingsearchspace_sharedlineappear TEXT REFERENCES callingsearchspace(pkid), cfbdestination TEXT, cfbvoicemailenabled TEXT NOT NULL DEFAULT 'f', cfnadestination TEXT, cfnavoicemailenabled TEXT NOT NULL DEFAULT 'f');
CREATE UNIQUE INDEX numplan_pattern ON numplan (dnorpattern, ifnull(fkroutepartition, ''), tkpatternusage);
CREATE TABLE devicenumplanmap (pkid TEXT PRIMARY KEY, fkdevice TEXT NOT NULL REFERENCES device(pkid) ON DELETE CASCADE, fknumplan TEXT NOT NULL REFERENCES numplan(pkid) ON DELETE CASCADE, numplanindex INTEGER NOT NULL, label TEXT, display TEXT, UNIQUE (fkdevice, numplanindex));
CREATE INDEX devicenumplanmap_numplan ON devicenumplanmap (fknumplan);
CREATE INDEX device_enduser ON device (fkenduser);
CREATE TABLE ldapdirectory (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, ldapdn TEXT, usersearchbase TEXT, syncnow TEXT NOT NULL DEFAULT 'f');
CREATE TABLE callforwarddynamic (pkid TEXT PRIMARY KEY, fknumplan TEXT NOT NULL UNIQUE REFERENCES numplan(pkid) ON DELETE CASCADE, cfadestination TEXT, cfavoicemailenabled TEXT NOT NULL DEFAULT 'f', fkcallingsearchspace_cfa TEXT REFERENCES callingsearchspace(pkid), fkcallingsearchspace_scfa TEXT REFERENCES callingsearchspace(pkid), datetimestamp INTEGER NOT NULL DEFAULT 0);
CREATE TABLE enduserdevicemap (pkid TEXT PRIMARY KEY, fkenduser TEXT NOT NULL REFERENCES enduser(pkid) ON DELETE CASCADE, fkdevice TEXT NOT NULL REFERENCES device(pkid) ON DELETE CASCADE, tkuserassociation INTEGER NOT NULL DEFAULT 1, defaultprofile TEXT NOT NULL DEFAULT 'f', description TEXT);
CREATE TABLE productsupportsfeature (pkid TEXT PRIMARY KEY, tkproduct INTEGER NOT NULL REFERENCES typeproduct(enum), tksupportsfeature INTEGER NOT NULL REFERENCES typesupportsfeature(enum), param TEXT NOT NULL DEFAULT '', tkdeviceprotocol INTEGER NOT NULL DEFAULT 99);
CREATE INDEX productsupportsfeature_product ON productsupportsfeature (tkproduct);
CREATE TABLE lab_devicereset (pkid TEXT PRIMARY KEY, fkdevice TEXT NOT NULL REFERENCES device(pkid) ON DELETE CASCADE, action TEXT NOT NULL, at INTEGER NOT NULL);
`;

/** Creates every table in `db`: the enumeration tables filled, the others empty. */
export function createSchema(db: Database, enums: Map<string, readonly EnumRow[]> = enumRows(undefined)): void {
  db.exec("PRAGMA foreign_keys = ON");
  for (const [table, rows] of enums) {
    db.exec(`CREATE TABLE ${table} (enum INTEGER PRIMARY KEY, name TEXT NOT NULL, moniker TEXT)`);
    const insert = db.prepare(`INSERT INTO ${table} (enum, name, moniker) VALUES (?, ?, ?)`);
    for (const [value, name] of rows) insert.run(value, name, monikerOf(table, name));
  }
  for (const table of NAMED_TABLES) {
    db.exec(`CREATE TABLE ${table} (pkid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT)`);
  }
  db.exec(TABLES);
  db.exec(
    "ALTER TABLE location ADD COLUMN kbits INTEGER NOT NULL DEFAULT 0; ALTER TABLE location ADD COLUMN videokbits INTEGER NOT NULL DEFAULT 0; ALTER TABLE location ADD COLUMN immersivekbits INTEGER NOT NULL DEFAULT 0",
  );
}

function monikerOf(table: string, name: string): string {
  const prefix = table.replace("type", "").toUpperCase().slice(0, 6);
  return `${prefix}_${name.toUpperCase().split(" ").join("_")}`;
}
