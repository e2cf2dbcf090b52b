/**
 * A whole SQL or list answer written as a file into the caller's downloads area (`to_file` on
 * `<product>_axl_call`), for answers larger than the answer caps (MCP_SERVER_RESULT_TEXT_MAX_CHARS,
 * MCP_SERVER_RESULT_DATA_MAX_BYTES): the agent gets a summary and reads every row in pages as
 * resource `download://<name>`. SQL rows are CSV (RFC 4180; executeSQLQuery returns every value as
 * text, one column per field); list items are JSON lines, because they nest (a reference is a name
 * with its uuid). The write goes through the downloads store, so it is atomic, owner-only and
 * counted in the per-client quota; cucm_downloads lists and deletes the files.
 */
import { type DownloadLimits, openDownloads, type StoredFile } from "../../clients/downloads.ts";
import { LimitExceededError, ProfilePermissionError } from "../../mcp/errors.ts";
import { checkAccess } from "../../rbac/access.ts";
import type { Profile } from "../../rbac/profile-schema.ts";

/** Where answer files go: the clients folder and the downloads limits. */
export interface AnswerFileArea {
  clientsDir: string;
  limits: DownloadLimits;
}

/** How a file holds its rows. */
export type AnswerFileFormat = "csv" | "jsonl";

/** Rows shown in the summary. */
export const PREVIEW_ROWS = 5;

/** What the summary says about the file. */
export interface AnswerFile {
  uri: string;
  name: string;
  format: AnswerFileFormat;
  rows: number;
  columns: string[];
  bytes: number;
}

type Row = Record<string, unknown>;

/**
 * Whether the caller may have answers written to a file: the files live in the downloads area,
 * so the same profile switch that allows downloads (cucm.logs.download) allows them.
 */
export function mayWriteAnswerFiles(profile: Profile): boolean {
  return checkAccess(profile, { service: "logs", product: "cucm", action: "download" }).allowed;
}

/** The refusal when the profile does not allow answer files. */
export function answerFilesRefused(): ProfilePermissionError {
  return new ProfilePermissionError(
    "to_file writes into your downloads area, which your profile does not allow (cucm.logs.download)",
    "Call again without to_file and page the answer instead, or ask an administrator for downloads.",
  );
}

/** Column names in first-seen order over every row. */
function columnsOf(rows: Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) seen.add(k);
  return [...seen];
}

/** One CSV field: quoted when it holds a quote, comma or line break (RFC 4180 section 2). */
function csvField(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The file's text: a CSV with a header line, or one JSON object per line. */
export function encodeRows(rows: Row[], format: AnswerFileFormat): { text: string; columns: string[] } {
  const columns = columnsOf(rows);
  if (format === "jsonl") return { text: rows.map((r) => `${JSON.stringify(r)}\n`).join(""), columns };
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(","));
  return { text: `${lines.join("\r\n")}\r\n`, columns };
}

/** `<host>_<operation>_<UTC time to the millisecond>.<format>`, made safe for the downloads area. */
export function answerFileName(host: string, operation: string, format: AnswerFileFormat, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(".", "");
  return `${host}_${operation}_${stamp}.${format}`.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^[.]+/, "");
}

/** Writes `rows` as one file in `client`'s downloads; refuses beyond the file size or the quota. */
export function writeAnswerFile(
  area: AnswerFileArea,
  client: string,
  answer: { host: string; operation: string; rows: Row[]; format: AnswerFileFormat; now: Date },
): AnswerFile {
  const { text, columns } = encodeRows(answer.rows, answer.format);
  const data = Buffer.from(text, "utf8");
  if (data.byteLength > area.limits.fileBytes)
    throw new LimitExceededError(
      `The answer is ${data.byteLength} bytes as a file, over the ${area.limits.fileBytes}-byte limit of one file; nothing was saved`,
      "Select fewer columns or rows (a narrower WHERE or searchCriteria), then retry.",
      { bytes: data.byteLength, fileBytes: area.limits.fileBytes },
    );
  const store = openDownloads(area.clientsDir, client, area.limits.quotaBytes);
  const saved: StoredFile = store.save(answerFileName(answer.host, answer.operation, answer.format, answer.now), data);
  return {
    uri: `download://${saved.name}`,
    name: saved.name,
    format: answer.format,
    rows: answer.rows.length,
    columns,
    bytes: saved.bytes,
  };
}
