/**
 * CUPI list query parameters (CUPI API guide, "Searching and Paging"): `rowsPerPage` and
 * `pageNumber` (1-based; either one 0 returns only the count) and `query=(field op value)`
 * with the operators `is`, `startswith`, `isnull` and `isnotnull`, field names case-insensitive
 * and values compared without case. Parsed with string operations, no regular expressions.
 */
import type { CupiRecord } from "./data.ts";

/** CUPI's default (and largest) page size. */
const CUPI_MAX_ROWS = 2000;

/** A parsed filter, or an error message for a 400. */
export type CupiFilter = { ok: true; test: (r: CupiRecord) => boolean } | { ok: false; message: string };

/** Parses `query=(alias startswith jo)`; an absent query matches everything. */
export function parseQuery(raw: string | null): CupiFilter {
  if (raw === null || raw.trim() === "") return { ok: true, test: () => true };
  let text = raw.trim();
  if (text.startsWith("(") && text.endsWith(")")) text = text.slice(1, -1).trim();
  const words = text.split(" ").filter((w) => w !== "");
  const [field, op, ...rest] = words;
  const value = rest.join(" ").toLowerCase();
  if (!field || !op)
    return { ok: false, message: `query "${raw}" must look like (alias startswith jo) or (alias is jdoe)` };
  const read = (r: CupiRecord) => {
    const key = Object.keys(r).find((k) => k.toLowerCase() === field.toLowerCase());
    return key === undefined ? undefined : (r[key] ?? "");
  };
  switch (op.toLowerCase()) {
    case "is":
      return { ok: true, test: (r) => (read(r) ?? "").toLowerCase() === value };
    case "startswith":
      return { ok: true, test: (r) => (read(r) ?? "").toLowerCase().startsWith(value) };
    case "isnull":
      return { ok: true, test: (r) => (read(r) ?? "") === "" };
    case "isnotnull":
      return { ok: true, test: (r) => (read(r) ?? "") !== "" };
    default:
      return { ok: false, message: `query operator "${op}" is not supported; use is, startswith, isnull or isnotnull` };
  }
}

/** The page of `items` that rowsPerPage/pageNumber select; `countOnly` when either is 0. */
export function pageOf<T>(items: T[], params: URLSearchParams): { page: T[]; countOnly: boolean } | { error: string } {
  const rowsText = params.get("rowsPerPage");
  const pageText = params.get("pageNumber");
  const rows = rowsText === null ? CUPI_MAX_ROWS : Number(rowsText);
  const page = pageText === null ? 1 : Number(pageText);
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(page) || page < 0) {
    return { error: "rowsPerPage and pageNumber must be whole numbers of 0 or more" };
  }
  if (rows === 0 || page === 0) return { page: [], countOnly: true };
  const size = Math.min(rows, CUPI_MAX_ROWS);
  return { page: items.slice((page - 1) * size, page * size), countOnly: false };
}
