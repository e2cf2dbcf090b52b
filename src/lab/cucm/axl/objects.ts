/**
 * The AXL object types the lab serves (AXL Schema Reference 15.0: XPhone/RPhone/LPhone, XLine,
 * XUser, XDevicePool, XCss, XRoutePartition, XRoutePattern), each mapped onto the CUCM tables in
 * db/schema.ts. Field order follows the schema's R-types.
 */
import type { Database } from "bun:sqlite";
import { AxlFault } from "./faults.ts";
import type { FieldSpec, ObjectSpec } from "./object-spec.ts";
import { axlUuid, newPkid } from "./uuid.ts";
import { el, textOf, wrap } from "./xml.ts";

const fk = (tag: string, column: string, table: string, list = true): FieldSpec => ({
  tag,
  kind: "fk",
  column,
  table,
  list,
});
const col = (tag: string, column: string, list = true): FieldSpec => ({ tag, kind: "col", column, list });
const konst = (tag: string, value: string, list = true): FieldSpec => ({ tag, kind: "const", value, list });

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

const phoneLines: FieldSpec = {
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

const cssMembers: FieldSpec = {
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

const userDevices: FieldSpec = {
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

const routeDestination: FieldSpec = {
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
    return wrap("destination", fkXml(row.tkclass === 8 ? "routeListName" : "gatewayName", row.name, row.pkid));
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

/** Every typed object the lab's AXL serves. */
export const OBJECT_SPECS: ObjectSpec[] = [
  {
    axlName: "Phone",
    element: "phone",
    label: "Phone",
    table: "device",
    filter: "b.tkclass = 1",
    fixed: { tkclass: 1 },
    keys: ["name"],
    criteria: ["name", "description", "protocol", "callingSearchSpaceName", "devicePoolName", "securityProfileName"],
    fields: [
      col("name", "name"),
      col("description", "description"),
      { tag: "product", kind: "enum", column: "tkproduct", table: "typeproduct", also: ["tkmodel"] },
      { tag: "model", kind: "enum", column: "tkmodel", table: "typemodel" },
      { tag: "class", kind: "enum", column: "tkclass", table: "typeclass" },
      { tag: "protocol", kind: "enum", column: "tkdeviceprotocol", table: "typedeviceprotocol" },
      konst("protocolSide", "User"),
      fk("callingSearchSpaceName", "fkcallingsearchspace", "callingsearchspace"),
      fk("devicePoolName", "fkdevicepool", "devicepool"),
      fk("commonPhoneConfigName", "fkcommonphoneconfig", "commonphoneconfig"),
      fk("locationName", "fklocation", "location"),
      konst("useTrustedRelayPoint", "Default"),
      fk("securityProfileName", "fksecurityprofile", "securityprofile"),
      phoneLines,
      fk("phoneTemplateName", "fkphonetemplate", "phonetemplate"),
      konst("primaryPhoneName", ""),
      konst("builtInBridgeStatus", "Default"),
      { tag: "ownerUserName", kind: "fk", column: "fkenduser", table: "enduser", nameColumn: "userid" },
      konst("packetCaptureMode", "None"),
      konst("certificateOperation", "No Pending Operation"),
      konst("deviceMobilityMode", "Default"),
    ],
  },
  {
    axlName: "Line",
    element: "line",
    label: "Line",
    table: "numplan",
    filter: "b.tkpatternusage = 2",
    fixed: { tkpatternusage: 2 },
    keys: ["pattern", "routePartitionName"],
    criteria: ["pattern", "description", "usage", "routePartitionName"],
    fields: [
      col("pattern", "dnorpattern"),
      col("description", "description"),
      konst("usage", "Device"),
      fk("routePartitionName", "fkroutepartition", "routepartition"),
      col("alertingName", "alertingname"),
    ],
  },
  {
    axlName: "User",
    element: "user",
    label: "User",
    table: "enduser",
    keys: ["userid"],
    criteria: ["firstName", "lastName", "userid", "department"],
    fields: [
      col("firstName", "firstname"),
      col("displayName", "displayname", false),
      col("middleName", "middlename"),
      col("lastName", "lastname"),
      col("userid", "userid"),
      col("mailid", "mailid"),
      col("department", "department"),
      userDevices,
      fk("presenceGroupName", "fkpresencegroup", "presencegroup", false),
      col("telephoneNumber", "telephonenumber"),
      col("title", "title"),
    ],
  },
  {
    axlName: "DevicePool",
    element: "devicePool",
    label: "Device Pool",
    table: "devicepool",
    keys: ["name"],
    criteria: ["name", "callManagerGroupName", "regionName"],
    fields: [
      col("name", "name"),
      fk("dateTimeSettingName", "fkdatetimesetting", "datetimesetting"),
      fk("callManagerGroupName", "fkcallmanagergroup", "callmanagergroup"),
      fk("regionName", "fkregion", "region"),
      fk("srstName", "fksrst", "srst"),
      fk("aarNeighborhoodName", "fkaarneighborhood", "aarneighborhood"),
      fk("locationName", "fklocation", "location"),
    ],
  },
  {
    axlName: "Css",
    element: "css",
    label: "Calling Search Space",
    table: "callingsearchspace",
    keys: ["name"],
    criteria: ["description", "partitionUsage", "name"],
    fields: [
      col("description", "description"),
      col("clause", "clause"),
      cssMembers,
      konst("partitionUsage", "General"),
      col("name", "name"),
    ],
  },
  {
    axlName: "RoutePartition",
    element: "routePartition",
    label: "Route Partition",
    table: "routepartition",
    keys: ["name"],
    criteria: ["name", "description"],
    fields: [col("name", "name"), col("description", "description"), konst("partitionUsage", "General")],
  },
  {
    axlName: "RoutePattern",
    element: "routePattern",
    label: "Route Pattern",
    table: "numplan",
    filter: "b.tkpatternusage = 5",
    fixed: { tkpatternusage: 5 },
    keys: ["pattern", "routePartitionName"],
    criteria: ["pattern", "description", "routePartitionName", "isEmergencyServiceNumber"],
    fields: [
      col("pattern", "dnorpattern"),
      col("description", "description"),
      konst("usage", "Route"),
      fk("routePartitionName", "fkroutepartition", "routepartition"),
      { tag: "blockEnable", kind: "col", column: "blockenable", bool: true },
      konst("useCallingPartyPhoneMask", "Default"),
      fk("dialPlanName", "fkdialplan", "dialplan"),
      fk("digitDiscardInstructionName", "fkdigitdiscardinstruction", "digitdiscardinstruction"),
      konst("networkLocation", "OnNet"),
      konst("prefixDigitsOut", ""),
      fk("routeFilterName", "fkroutefilter", "routefilter"),
      routeDestination,
      { tag: "isEmergencyServiceNumber", kind: "col", column: "isemergencyservicenumber", bool: true },
    ],
  },
];
