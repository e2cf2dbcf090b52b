/**
 * The nested parts of AXL objects that live in other CUCM tables: a phone's lines
 * (devicenumplanmap → numplan), a CSS's members (callingsearchspacemember), a user's devices
 * (device.fkenduser) and a route pattern's destination (devicenumplanmap → route list), plus the
 * XFkType writer they share (AXL Schema Reference 15.0: XPhoneLine, XCallingSearchSpaceMember).
 */
import type { Database } from "bun:sqlite";
import { AxlFault } from "./faults.ts";
import type { FieldSpec } from "./object-spec.ts";
import { axlUuid, newPkid } from "./uuid.ts";
import { el, textOf, wrap } from "./xml.ts";

/** `<tag uuid="{…}">name</tag>`, or `<tag/>` when unset. */
export function fkXml(tag: string, name: unknown, pkid: unknown): string {
  if (name === null || name === undefined || name === "") return `<${tag}/>`;
  return el(tag, String(name), ` uuid="${axlUuid(String(pkid))}"`);
}

function asList(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null || value === "") return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object");
}

function lookup(db: Database, table: string, name: string, what: string): string {
  const row = db.query(`SELECT pkid FROM ${table} WHERE name = ?`).get(name) as { pkid: string } | null;
  if (!row) throw new AxlFault(5007, `Item not valid: The specified ${what} was not found`);
  return row.pkid;
}

/** Finds (or, as AXL's addPhone does, creates) the Device-usage numplan row for a dirn. */
function findOrCreateLine(db: Database, dirn: Record<string, unknown>): string {
  const pattern = textOf(dirn["pattern"]) ?? "";
  const partition = textOf(dirn["routePartitionName"]) ?? "";
  const part = partition === "" ? null : lookup(db, "routepartition", partition, "Route Partition");
  const row = db
    .query("SELECT pkid FROM numplan WHERE dnorpattern = ? AND ifnull(fkroutepartition, '') = ? AND tkpatternusage = 2")
    .get(pattern, part ?? "") as { pkid: string } | null;
  if (row) return row.pkid;
  const pkid = newPkid();
  db.query("INSERT INTO numplan (pkid, dnorpattern, tkpatternusage, fkroutepartition) VALUES (?, ?, 2, ?)").run(
    pkid,
    pattern,
    part,
  );
  return pkid;
}

/** Nested field `phoneLines`. */
export const phoneLines: FieldSpec = {
  tag: "lines",
  kind: "custom",
  list: false,
  read(db, pkid) {
    const rows = db
      .query(
        `SELECT m.pkid, m.numplanindex, m.label, m.display, n.pkid AS npk, n.dnorpattern, r.name AS rpname, r.pkid AS rppk
         FROM devicenumplanmap m JOIN numplan n ON n.pkid = m.fknumplan LEFT JOIN routepartition r ON r.pkid = n.fkroutepartition
         WHERE m.fkdevice = ? ORDER BY m.numplanindex`,
      )
      .all(pkid) as Array<Record<string, string | number | null>>;
    const lines = rows.map(
      (r, i) =>
        `<line ctiid="${i + 1}" uuid="${axlUuid(String(r["pkid"]))}">${el("index", String(r["numplanindex"]))}${el("label", String(r["label"] ?? ""))}${el("display", String(r["display"] ?? ""))}` +
        `<dirn uuid="${axlUuid(String(r["npk"]))}">${el("pattern", String(r["dnorpattern"]))}${fkXml("routePartitionName", r["rpname"], r["rppk"])}</dirn></line>`,
    );
    return wrap("lines", lines.join(""));
  },
  write(db, pkid, value) {
    db.query("DELETE FROM devicenumplanmap WHERE fkdevice = ?").run(pkid);
    const container = value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
    for (const line of asList(container["line"])) {
      const dirn =
        line["dirn"] !== null && typeof line["dirn"] === "object" ? (line["dirn"] as Record<string, unknown>) : {};
      const numplan = findOrCreateLine(db, dirn);
      db.query("INSERT INTO devicenumplanmap VALUES (?, ?, ?, ?, ?, ?)").run(
        newPkid(),
        pkid,
        numplan,
        Number(textOf(line["index"]) ?? 1),
        textOf(line["label"]) ?? null,
        textOf(line["display"]) ?? null,
      );
    }
  },
};

/** Nested field `cssMembers`. */
export const cssMembers: FieldSpec = {
  tag: "members",
  kind: "custom",
  list: false,
  read(db, pkid) {
    const rows = db
      .query(
        `SELECT m.pkid, m.sortorder, r.name, r.pkid AS rppk FROM callingsearchspacemember m
         JOIN routepartition r ON r.pkid = m.fkroutepartition WHERE m.fkcallingsearchspace = ? ORDER BY m.sortorder`,
      )
      .all(pkid) as Array<Record<string, string | number>>;
    const members = rows.map(
      (r) =>
        `<member uuid="${axlUuid(String(r["pkid"]))}">${fkXml("routePartitionName", r["name"], r["rppk"])}${el("index", String(r["sortorder"]))}</member>`,
    );
    return wrap("members", members.join(""));
  },
  write(db, pkid, value) {
    db.query("DELETE FROM callingsearchspacemember WHERE fkcallingsearchspace = ?").run(pkid);
    const container = value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
    const names: string[] = [];
    for (const member of asList(container["member"])) {
      const name = textOf(member["routePartitionName"]) ?? "";
      const part = lookup(db, "routepartition", name, "Route Partition");
      names.push(name);
      db.query("INSERT INTO callingsearchspacemember VALUES (?, ?, ?, ?)").run(
        newPkid(),
        pkid,
        part,
        Number(textOf(member["index"]) ?? names.length),
      );
    }
    db.query("UPDATE callingsearchspace SET clause = ? WHERE pkid = ?").run(names.join(":"), pkid);
  },
};

/** Nested field `userDevices`. */
export const userDevices: FieldSpec = {
  tag: "associatedDevices",
  kind: "custom",
  list: false,
  read(db, pkid) {
    const rows = db.query("SELECT name FROM device WHERE fkenduser = ? ORDER BY name").all(pkid) as Array<{
      name: string;
    }>;
    return wrap("associatedDevices", rows.map((r) => el("device", r.name)).join(""));
  },
};

/** Nested field `routeDestination`. */
export const routeDestination: FieldSpec = {
  tag: "destination",
  kind: "custom",
  list: false,
  read(db, pkid) {
    const row = db
      .query(
        "SELECT d.name, d.pkid, d.tkclass FROM devicenumplanmap m JOIN device d ON d.pkid = m.fkdevice WHERE m.fknumplan = ?",
      )
      .get(pkid) as { name: string; pkid: string; tkclass: number } | null;
    if (!row) return "<destination/>";
    return wrap("destination", fkXml(row.tkclass === 7 ? "routeListName" : "gatewayName", row.name, row.pkid));
  },
  write(db, pkid, value) {
    const dest = value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
    const name = textOf(dest["routeListName"]) ?? textOf(dest["gatewayName"]) ?? "";
    const device = db.query("SELECT pkid FROM device WHERE name = ?").get(name) as { pkid: string } | null;
    if (!device) throw new AxlFault(5007, "Item not valid: The specified destination was not found");
    db.query("DELETE FROM devicenumplanmap WHERE fknumplan = ?").run(pkid);
    db.query(
      "INSERT INTO devicenumplanmap VALUES (?, ?, ?, (SELECT ifnull(max(numplanindex), 0) + 1 FROM devicenumplanmap WHERE fkdevice = ?), NULL, NULL)",
    ).run(newPkid(), device.pkid, pkid, device.pkid);
  },
};

/** Nested field `callManagerGroupMembers` (callmanagergroupmember → callmanager). */
export const callManagerGroupMembers: FieldSpec = {
  tag: "members",
  kind: "custom",
  list: false,
  read(db, pkid) {
    const rows = db
      .query(
        `SELECT m.pkid, m.priority, c.name, c.pkid AS cmpk FROM callmanagergroupmember m
         JOIN callmanager c ON c.pkid = m.fkcallmanager WHERE m.fkcallmanagergroup = ? ORDER BY m.priority`,
      )
      .all(pkid) as Array<Record<string, string | number>>;
    const members = rows.map(
      (r) =>
        `<member uuid="${axlUuid(String(r["pkid"]))}">${fkXml("callManagerName", r["name"], r["cmpk"])}${el("priority", String(r["priority"]))}</member>`,
    );
    return wrap("members", members.join(""));
  },
};
