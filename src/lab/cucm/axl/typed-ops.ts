/**
 * The generic typed AXL operations (AXL Developer Guide, "get/list/add/update/remove"): one
 * implementation driven by the object specs in objects.ts, reading and writing the same rows
 * executeSQLQuery sees. Follows AXL's rules: `returnedTags` limits a get's answer and is required
 * by list; list pages with `skip`/`first`; add/update/remove answer `{UUID}`; a missing object is
 * fault 5007 and a duplicate is Informix -239.
 */
import type { Database } from "bun:sqlite";
import { toInformixError } from "../db/informix.ts";
import type { ShapeElement } from "../schema/object-shape.ts";
import { AxlFault } from "./faults.ts";
import { fkXml } from "./nested-fields.ts";
import { type FieldSpec, fieldExpr, type ObjectSpec } from "./object-spec.ts";
import { axlUuid, newPkid, sqlUuid } from "./uuid.ts";
import { el, pruneElement, textOf, wrap } from "./xml.ts";

type Req = Record<string, unknown>;

function selectList(spec: ObjectSpec, fields: FieldSpec[]): string {
  const parts = ["b.pkid AS pkid"];
  fields.forEach((f, i) => {
    parts.push(`${fieldExpr(f)} AS f${i}`);
    if (f.kind === "fk") parts.push(`b.${f.column} AS f${i}_u`);
  });
  return `SELECT ${parts.join(", ")} FROM ${spec.table} b`;
}

/** Each field's serialised element, by tag. */
function fieldFragments(db: Database, fields: FieldSpec[], row: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  fields.forEach((f, i) => {
    const v = row[`f${i}`];
    if (f.kind === "custom") out.set(f.tag, f.read(db, String(row["pkid"])));
    else if (f.kind === "fk") out.set(f.tag, fkXml(f.tag, v, row[`f${i}_u`]));
    else if (f.kind === "col" && f.bool) out.set(f.tag, el(f.tag, v === "t" ? "true" : v === "f" ? "false" : ""));
    else out.set(f.tag, el(f.tag, v === null || v === undefined ? "" : String(v)));
  });
  return out;
}

/**
 * The object's elements: in the schema's order with the schema's defaults for what the lab does
 * not store (when it has the schema), else the fields the lab stores. `wanted` is the
 * returnedTags (undefined: everything); nested selections prune nested elements too.
 */
function rowXml(
  db: Database,
  fields: FieldSpec[],
  row: Record<string, unknown>,
  shape: ShapeElement[] | undefined,
  wanted: Req | undefined,
): string {
  const fragments = fieldFragments(db, fields, row);
  const asked = (tag: string): boolean => wanted === undefined || wanted[tag] !== undefined;
  const pick = (tag: string, xml: string): string => (wanted ? pruneElement(xml, wanted[tag]) : xml);
  if (!shape) return fields.map((f) => pick(f.tag, fragments.get(f.tag) ?? "")).join("");
  let out = "";
  for (const e of shape) {
    if (!asked(e.name)) continue;
    const stored = fragments.get(e.name);
    if (stored !== undefined) out += pick(e.name, stored);
    else if (e.fallback !== undefined) out += el(e.name, e.fallback);
  }
  return out;
}

/** The pkid of the object a request names (by uuid or by its key elements); 5007 when absent. */
export function findPkid(db: Database, spec: ObjectSpec, req: Req): string {
  const where: string[] = spec.filter ? [spec.filter] : [];
  const args: string[] = [];
  const uuid = textOf(req["uuid"]);
  if (uuid !== undefined) {
    where.push("b.pkid = ?");
    args.push(sqlUuid(uuid) ?? uuid);
  } else {
    for (const key of spec.keys) {
      const field = spec.fields.find((f) => f.tag === key);
      const value = textOf(req[key]) ?? "";
      if (!field) continue;
      if (key === spec.keys[0] && value === "")
        throw new AxlFault(5003, `${spec.label}: ${key} or uuid is required`, "soapenv:Client");
      if (field.kind === "fk" && value === "") where.push(`b.${field.column} IS NULL`);
      else {
        where.push(`${fieldExpr(field)} = ?`);
        args.push(value);
      }
    }
  }
  const row = db.query(`SELECT b.pkid FROM ${spec.table} b WHERE ${where.join(" AND ")}`).get(...args) as {
    pkid: string;
  } | null;
  if (!row) throw new AxlFault(5007, `Item not valid: The specified ${spec.label} was not found`);
  return row.pkid;
}

/** get<Object>: the whole object, or only the `returnedTags` asked for (at every depth). */
export function getObject(db: Database, spec: ObjectSpec, req: Req, shape?: ShapeElement[]): string {
  const pkid = findPkid(db, spec, req);
  const tags = req["returnedTags"];
  const wanted =
    tags !== null && typeof tags === "object" && Object.keys(tags).some((k) => !k.startsWith("@"))
      ? (tags as Req)
      : undefined;
  const readable = spec.fields.filter((f) => f.get !== false);
  const fields = wanted ? readable.filter((f) => wanted[f.tag] !== undefined) : readable;
  const row = db.query(`${selectList(spec, fields)} WHERE b.pkid = ?`).get(pkid) as Record<string, unknown>;
  return `<return><${spec.element} uuid="${axlUuid(pkid)}">${rowXml(db, fields, row, shape, wanted)}</${spec.element}></return>`;
}

/**
 * list<Object>: rows matching every searchCriteria (SQL LIKE), `returnedTags` fields, skip/first.
 * Like every AXL read, an answer above `maxBytes` is the -1 "Query request too large" fault.
 */
export function listObjects(
  db: Database,
  spec: ObjectSpec,
  req: Req,
  maxBytes = Number.POSITIVE_INFINITY,
  shape?: ShapeElement[],
): string {
  const criteria = req["searchCriteria"];
  if (criteria === null || typeof criteria !== "object") {
    throw new AxlFault(5003, "searchCriteria is required and must name at least one element", "soapenv:Client");
  }
  const wanted =
    req["returnedTags"] !== null && typeof req["returnedTags"] === "object" ? (req["returnedTags"] as Req) : {};
  const listable = spec.fields.filter((f) => f.list !== false);
  const fields = listable.filter((f) => wanted[f.tag] !== undefined);
  const where: string[] = spec.filter ? [spec.filter] : [];
  const args: string[] = [];
  for (const [tag, value] of Object.entries(criteria as Req)) {
    const field = spec.fields.find((f) => f.tag === tag);
    if (!field || !spec.criteria.includes(tag)) continue;
    where.push(
      `${field.kind === "col" && field.bool ? `(CASE b.${field.column} WHEN 't' THEN 'true' ELSE 'false' END)` : fieldExpr(field)} LIKE ?`,
    );
    args.push(textOf(value) ?? "");
  }
  const first = textOf(req["first"]);
  const skip = textOf(req["skip"]);
  const paging =
    first === undefined ? "" : ` LIMIT ${Number(first) || 0} OFFSET ${skip === undefined ? 0 : Number(skip) || 0}`;
  const sql = `${selectList(spec, fields)}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY b.rowid${paging}`;
  const rows = db.query(sql).all(...args) as Array<Record<string, unknown>>;
  const items = rows.map(
    (row) =>
      `<${spec.element} uuid="${axlUuid(String(row["pkid"]))}">${rowXml(db, fields, row, shape, wanted)}</${spec.element}>`,
  );
  const size = items.reduce((n, item) => n + item.length, 0);
  if (size > maxBytes) {
    const suggest = Math.max(1, Math.floor(maxBytes / (size / items.length)));
    throw new AxlFault(
      -1,
      `Query request too large. Total rows matched: ${items.length} rows. Suggestive Row Fetch: less than ${suggest} rows`,
    );
  }
  return wrap("return", items.join(""));
}

/**
 * Refuses what the lab would silently drop: an element it does not store, a nested structure it
 * cannot write, or a value other than the one it always answers. CUCM would make those changes,
 * so answering success without making them would mislead the caller.
 */
function refuseUnmodelled(spec: ObjectSpec, obj: Req, ignore: readonly string[]): void {
  for (const [tag, raw] of Object.entries(obj)) {
    if (tag.startsWith("@") || tag.startsWith("#") || ignore.includes(tag)) continue;
    const field = spec.fields.find((f) => f.tag === tag);
    const structured = typeof raw === "object" && raw !== null;
    // An element with only attributes (`xsi:nil="true"`, `uuid=""`) carries no value.
    const bare = structured && Object.keys(raw).every((k) => k.startsWith("@"));
    const value = structured && !bare && !("#text" in raw) ? undefined : bare ? "" : (textOf(raw) ?? "");
    const empty = raw === null || value === "";
    if (field?.kind === "const" && (empty || value === field.value)) continue;
    if (field && field.kind !== "const" && (field.kind !== "custom" || field.write)) continue;
    if (!field && empty) continue;
    throw new AxlFault(
      -1,
      `The lab does not simulate ${tag} of ${spec.label}${field?.kind === "const" ? ` (it is always ${field.value || "empty"} here)` : ""}; leave it out. See docs/lab.md for the fields the lab stores.`,
      "soapenv:Client",
    );
  }
}

/** Writes the columns named in `obj` into `row`; returns the custom writes to run after. */
function collect(db: Database, spec: ObjectSpec, obj: Req, columns: Record<string, unknown>): Array<() => void> {
  const after: Array<() => void> = [];
  for (const field of spec.fields) {
    const raw = obj[field.tag];
    if (raw === undefined) continue;
    const value = textOf(raw) ?? "";
    if (field.kind === "col")
      columns[field.column] = field.bool
        ? value === "true" || value === "t"
          ? "t"
          : "f"
        : value === ""
          ? null
          : value;
    else if (field.kind === "enum") {
      const row = db.query(`SELECT enum FROM ${field.table} WHERE name = ?`).get(value) as { enum: number } | null;
      if (!row) throw new AxlFault(5003, `The value '${value}' is not valid for ${field.tag}`);
      columns[field.column] = row.enum;
      for (const also of field.also ?? []) columns[also] = row.enum;
    } else if (field.kind === "fk") {
      if (value === "") columns[field.column] = null;
      else {
        const nameColumn = field.nameColumn ?? "name";
        const row = db.query(`SELECT pkid FROM ${field.table} WHERE ${nameColumn} = ?`).get(value) as {
          pkid: string;
        } | null;
        if (!row)
          throw new AxlFault(5007, `Item not valid: The specified ${field.tag.replace("Name", "")} was not found`);
        columns[field.column] = row.pkid;
      }
    } else if (field.kind === "custom" && field.write) {
      const write = field.write;
      after.push(() => write(db, String(columns["pkid"] ?? ""), raw));
    }
  }
  return after;
}

function runWrite(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (error instanceof AxlFault) throw error;
    const informix = toInformixError(error);
    throw new AxlFault(informix.code, informix.message);
  }
}

/** add<Object>: inserts the object (and its nested rows); answers its new `{UUID}`. */
export function addObject(db: Database, spec: ObjectSpec, req: Req): string {
  const obj = req[spec.element];
  if (obj === null || typeof obj !== "object")
    throw new AxlFault(5003, `<${spec.element}> is required`, "soapenv:Client");
  refuseUnmodelled(spec, obj as Req, []);
  const pkid = newPkid();
  const columns: Record<string, unknown> = { pkid, ...(spec.fixed ?? {}) };
  runWrite(() =>
    db.transaction(() => {
      const after = collect(db, spec, obj as Req, columns);
      const names = Object.keys(columns);
      db.query(`INSERT INTO ${spec.table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`).run(
        ...(Object.values(columns) as Array<string | number | null>),
      );
      for (const fn of after) fn();
    })(),
  );
  return `<return>${axlUuid(pkid)}</return>`;
}

/** update<Object>: changes the named fields (`new<Key>` renames); answers `{UUID}`. */
export function updateObject(db: Database, spec: ObjectSpec, req: Req): string {
  const pkid = findPkid(db, spec, req);
  const renames = spec.keys.map((key) => `new${key[0]?.toUpperCase()}${key.slice(1)}`);
  refuseUnmodelled(spec, req, ["uuid", ...spec.keys, ...renames]);
  const changes: Req = { ...req };
  for (const key of spec.keys) {
    delete changes[key];
    const renamed = `new${key[0]?.toUpperCase()}${key.slice(1)}`;
    if (changes[renamed] !== undefined) changes[key] = changes[renamed];
  }
  const columns: Record<string, unknown> = { pkid };
  runWrite(() =>
    db.transaction(() => {
      const after = collect(db, spec, changes, columns);
      const names = Object.keys(columns).filter((n) => n !== "pkid");
      if (names.length > 0) {
        db.query(`UPDATE ${spec.table} SET ${names.map((n) => `${n} = ?`).join(", ")} WHERE pkid = ?`).run(
          ...(names.map((n) => columns[n]) as Array<string | number | null>),
          pkid,
        );
      }
      for (const fn of after) fn();
    })(),
  );
  return `<return>${axlUuid(pkid)}</return>`;
}

/** remove<Object>: deletes the object (nested rows cascade); answers `{UUID}`. */
export function removeObject(db: Database, spec: ObjectSpec, req: Req): string {
  const pkid = findPkid(db, spec, req);
  runWrite(() => db.query(`DELETE FROM ${spec.table} WHERE pkid = ?`).run(pkid));
  return `<return>${axlUuid(pkid)}</return>`;
}
