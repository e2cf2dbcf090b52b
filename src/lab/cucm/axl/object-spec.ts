/**
 * How an AXL object type maps onto the lab's CUCM tables. Each field is listed in the order of
 * the AXL schema's R-type (get) sequence, which the L-type (list) shares for the fields the lab
 * keeps, so responses validate against AXLSoap.xsd. Read by the generic typed operations.
 */
import type { Database } from "bun:sqlite";

/**
 * One AXL element of an object. `list: false` keeps it out of list answers (not in the L-type),
 * `get: false` keeps it out of get answers (not in the R-type).
 */
export type FieldSpec =
  /** A column of the object's own table (`bool`: Informix t/f shown as true/false). */
  (
    | { tag: string; kind: "col"; column: string; bool?: boolean }
    /** A `type*` enumeration column shown by name (`also`: columns written with the same enum). */
    | { tag: string; kind: "enum"; column: string; table: string; also?: string[] }
    /** A foreign key shown as XFkType: name as text, `{UUID}` as attribute. */
    | { tag: string; kind: "fk"; column: string; table: string; nameColumn?: string }
    /** A value the lab does not store (always the CUCM default). */
    | { tag: string; kind: "const"; value: string }
    /** A nested structure stored in other tables. */
    | {
        tag: string;
        kind: "custom";
        read(db: Database, pkid: string): string;
        write?(db: Database, pkid: string, value: unknown): void;
      }
  ) & { list?: boolean; get?: boolean };

/** An AXL object type (Phone, Line, User, ...). */
export interface ObjectSpec {
  /** AXL name used in operation names: `Phone` → getPhone, listPhone, ... */
  axlName: string;
  /** Element name inside `<return>` (`phone`, `line`, `user`, `css`, ...). */
  element: string;
  /** Wording of the 5007 "not found" message. */
  label: string;
  table: string;
  /** Extra WHERE condition selecting this type's rows (e.g. `tkclass = 1`). */
  filter?: string;
  /** Columns set on every insert (e.g. `tkclass`, `tkpatternusage`). */
  fixed?: Record<string, string | number>;
  /** Identifying elements (get/update/remove by name): the first is renamed by `new<Tag>`. */
  keys: string[];
  fields: FieldSpec[];
  /** searchCriteria element → field tag it filters on. */
  criteria: string[];
}

/** The SQL expression that reads `field` from the base row aliased `b`. */
export function fieldExpr(field: FieldSpec): string {
  switch (field.kind) {
    case "col":
      return `b.${field.column}`;
    case "enum":
      return `(SELECT name FROM ${field.table} WHERE enum = b.${field.column})`;
    case "fk":
      return `(SELECT ${field.nameColumn ?? "name"} FROM ${field.table} WHERE pkid = b.${field.column})`;
    case "const":
      return `'${field.value}'`;
    case "custom":
      return "NULL";
  }
}
