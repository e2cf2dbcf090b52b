/**
 * Bounded answers a model can read. Many MCP hosts hand the model only a result's text blocks,
 * so the text carries the data itself: the tool's summary line, then a compact rendering (a table
 * for a list of records, compact JSON otherwise). Both the text and structuredContent have a size
 * cap (MCP_SERVER_RESULT_TEXT_MAX_CHARS, MCP_SERVER_RESULT_DATA_MAX_BYTES); beyond it the
 * biggest list is cut, and the answer says how much was left out and how to get the rest.
 */
import type { CallResult } from "./sdk.ts";

/** The size caps of one tool result. */
export interface AnswerCaps {
  /** Characters of the text block. */
  textChars: number;
  /** Bytes of structuredContent as JSON. */
  dataBytes: number;
}

export const DEFAULT_ANSWER_CAPS: AnswerCaps = { textChars: 20_000, dataBytes: 262_144 };

/** What the tool says about its answer when it declares nothing. */
const NARROW = "narrow your request (a filter, fewer fields or a smaller page)";

/** How a tool's answer is shaped (declared on the tool). */
export interface AnswerShape {
  /** How to get the rest of a cut answer, e.g. `data.skip and data.first`; defaults to "narrow your request". */
  paging?: string;
  /** The handler's text already shows the data (command output, a rendered description). */
  textIncludesData?: boolean;
}

type Json = Record<string, unknown>;

/** A list of records found in an answer: where it is and the list itself. */
interface Located {
  path: string[];
  items: unknown[];
}

const isRecord = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** The biggest array in `data`, up to three levels deep (result.row, items, devices, …). */
function biggestList(data: Json): Located | undefined {
  let best: Located | undefined;
  let bestSize = -1;
  const visit = (value: unknown, path: string[]) => {
    if (Array.isArray(value)) {
      const size = value.length === 0 ? 0 : JSON.stringify(value).length;
      if (size > bestSize) {
        best = { path, items: value };
        bestSize = size;
      }
      return;
    }
    if (isRecord(value) && path.length < 3) for (const [k, inner] of Object.entries(value)) visit(inner, [...path, k]);
  };
  visit(data, []);
  return best;
}

/** A copy of `data` with the value at `path` replaced. */
function replaceAt(data: Json, path: string[], value: unknown): Json {
  const [head, ...rest] = path;
  if (head === undefined) return data;
  const inner = data[head];
  return { ...data, [head]: rest.length === 0 ? value : replaceAt(isRecord(inner) ? inner : {}, rest, value) };
}

const byteLength = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

/** The note on a cut answer: how many were left out and how to get them. */
function moreNote(left: number, what: string, shape: AnswerShape): string {
  return `${left.toLocaleString("en-US")} more ${what} not shown; call again with ${shape.paging ?? NARROW}`;
}

/** Whether a JSON text fits `cap` UTF-8 bytes (a character takes at most 3: most texts need no count). */
const fitsBytes = (json: string, cap: number) => json.length * 3 <= cap || Buffer.byteLength(json, "utf8") <= cap;

/**
 * Cuts the biggest list of `data` so the whole fits `cap` bytes; undefined when it already fits.
 * `json` is `JSON.stringify(data)`, computed once by the caller.
 */
function boundData(data: Json, json: string, cap: number, shape: AnswerShape): Json | undefined {
  if (fitsBytes(json, cap)) return undefined;
  const list = biggestList(data);
  const note = (shown: number, total: number) => ({
    field: list?.path.join(".") ?? "",
    shown,
    total,
    capBytes: cap,
    hint: moreNote(total - shown, "items", shape),
  });
  if (list === undefined || list.items.length === 0) {
    const scalars = Object.fromEntries(Object.entries(data).filter(([, v]) => !isRecord(v) && !Array.isArray(v)));
    return {
      ...scalars,
      truncated: true,
      bounded: { capBytes: cap, hint: `the answer is larger than ${cap} bytes; ${NARROW}` },
    };
  }
  const total = list.items.length;
  const base = byteLength(replaceAt(data, list.path, [])) + byteLength(note(total, total)) + 64;
  let used = base;
  let shown = 0;
  for (const item of list.items) {
    const size = byteLength(item) + 1;
    if (used + size > cap) break;
    used += size;
    shown++;
  }
  return { ...replaceAt(data, list.path, list.items.slice(0, shown)), truncated: true, bounded: note(shown, total) };
}

/** One table cell: scalars as they are, objects as compact JSON, one line, at most 200 characters. */
function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  const flat = text.replace(/[\r\n\t|]+/g, " ");
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** Renders records as a `|`-separated table with a header line (columns: keys in first-seen order). */
function table(items: Json[]): string[] {
  const columns: string[] = [];
  for (const item of items.slice(0, 200)) for (const k of Object.keys(item)) if (!columns.includes(k)) columns.push(k);
  return [columns.join("|"), ...items.map((item) => columns.map((c) => cell(item[c])).join("|"))];
}

/** `data` without the top-level strings the summary line already shows (host, operation, note). */
function unsaid(data: Json, summary: string): Json {
  return Object.fromEntries(
    Object.entries(data).filter(([, v]) => !(typeof v === "string" && v.length > 0 && summary.includes(v))),
  );
}

/**
 * The compact rendering of `data` for the text block, cut at `cap` characters with a note.
 * `fullJson`, when given, is `JSON.stringify(full)` (reused when the summary hides nothing).
 */
export function renderData(full: Json, cap: number, shape: AnswerShape = {}, summary = "", fullJson?: string): string {
  const data = unsaid(full, summary);
  const list = biggestList(data);
  const records = list !== undefined && list.items.length > 0 && list.items.every(isRecord);
  if (!records) {
    const sameKeys = fullJson !== undefined && Object.keys(data).length === Object.keys(full).length;
    const json = sameKeys ? fullJson : JSON.stringify(data);
    if (json.length <= cap) return json;
    if (list === undefined || list.items.length === 0)
      return `${json.slice(0, cap)}… (cut at ${cap} characters; ${NARROW})`;
    // A list of scalars: show as many as fit.
    const rest = JSON.stringify(replaceAt(data, list.path, []));
    const shown: string[] = [];
    let used = rest.length;
    for (const item of list.items) {
      const s = JSON.stringify(item);
      if (used + s.length + 1 > cap - 160) break;
      shown.push(s);
      used += s.length + 1;
    }
    return `${rest}\n${list.path.join(".")}: ${shown.join(",")}\n… ${moreNote(list.items.length - shown.length, "items", shape)}`;
  }
  const located = list as Located;
  const context = JSON.stringify(replaceAt(data, located.path, `(${located.items.length} below)`));
  const lines = [context, `${located.path.join(".")}:`];
  let used = context.length + located.path.join(".").length + 2;
  const rows = table(located.items as Json[]);
  let shownRows = 0;
  for (const [i, line] of rows.entries()) {
    if (used + line.length + 1 > cap - 160) break;
    lines.push(line);
    used += line.length + 1;
    if (i > 0) shownRows++;
  }
  // When the data was cut to its cap, the rows left out count from the whole answer's total.
  const bounded = full["bounded"];
  const total =
    isRecord(bounded) && typeof bounded["total"] === "number" && bounded["field"] === located.path.join(".")
      ? bounded["total"]
      : located.items.length;
  const left = total - shownRows;
  if (left > 0) lines.push(`… ${moreNote(left, "rows", shape)}`);
  return lines.join("\n");
}

/**
 * Bounds a successful result: structuredContent to `caps.dataBytes`, and the text block to the
 * tool's summary plus the data's rendering within `caps.textChars`. Errors and results without
 * data pass through, their text capped.
 */
export function boundAnswer(result: CallResult, caps: AnswerCaps, shape: AnswerShape = {}): CallResult {
  const data = result.structuredContent;
  const json = data === undefined || result.isError === true ? undefined : JSON.stringify(data);
  const cut = data === undefined || json === undefined ? undefined : boundData(data, json, caps.dataBytes, shape);
  const bounded = cut ?? data;
  const first = result.content.findIndex((b) => b["type"] === "text");
  const content = result.content.map((block, index) => {
    if (block["type"] !== "text" || typeof block["text"] !== "string") return block;
    let text = block["text"] as string;
    if (index === first && bounded !== undefined && result.isError !== true) {
      if (shape.textIncludesData !== true) {
        const budget = Math.max(caps.textChars - text.length - 1, 200);
        text = `${text}\n${renderData(bounded, budget, shape, text, cut === undefined ? json : undefined)}`;
      } else if (cut !== undefined) {
        text = `${text}\n(${String((cut["bounded"] as Json)["hint"])})`;
      }
    }
    return text.length > caps.textChars
      ? { ...block, text: `${text.slice(0, caps.textChars)}… (cut at ${caps.textChars} characters; ${NARROW})` }
      : { ...block, text };
  });
  return { ...result, content, ...(bounded === undefined ? {} : { structuredContent: bounded }) };
}
