/**
 * `cucm_cdr_list` and `cucm_cdr_calls`: the CDR and CMR files the publisher (the CDR repository
 * node) holds for a window, named by CDR on Demand get_file_list an hour at a time; and the calls
 * of a window, read from its CDR files after fetching them with DIME GetOneFile into the caller's
 * downloads (CDR on Demand's own get_file pushes over (S)FTP, which the bridge does not receive).
 * Both take a UTC window of at most a day; the calls tool reads a bounded number of files and says
 * where to continue. docs/logs-and-traces.md says what each does on a real node.
 */
import * as v from "valibot";
import { downloadName, openDownloads } from "../../clients/downloads.ts";
import { ValidationError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, type ToolContext, toolResult } from "../../mcp/tool.ts";
import { CdrFormatError, parseCdrCsv } from "../../protocols/logs/cdr-csv.ts";
import { cdrRepositoryPath } from "../../protocols/logs/cdr-on-demand.ts";
import { serviceabilityTarget } from "../serviceability/deps.ts";
import { hostField, hostOf } from "../uc/targets.ts";
import { textTable } from "../uc/text-table.ts";
import { type CdrCall, callsOfCdrs } from "./cdr-calls.ts";
import type { LogsDeps } from "./deps.ts";

const product = "cucm";
/** A day: 24 get_file_list requests at most per call. */
const MAX_WINDOW_MS = 86_400_000;
/** Calls returned at most (structured); the text table shows fewer. */
const MAX_CALLS = 200;
const TEXT_ROWS = 50;

const when = v.pipe(
  v.string(),
  v.maxLength(40),
  v.check((s) => !Number.isNaN(Date.parse(s)), "an ISO 8601 time such as 2026-12-02T09:00:00Z"),
);
const windowFields = {
  host: hostField(product),
  from: v.optional(v.pipe(when, v.description("ISO; default to-1h"))),
  to: v.optional(v.pipe(when, v.description("ISO; default now"))),
};

/** The window of an input, checked. */
function windowOf(input: { from?: string | undefined; to?: string | undefined }): { from: Date; to: Date } {
  const to = input.to === undefined ? new Date() : new Date(input.to);
  const from = input.from === undefined ? new Date(to.getTime() - 3_600_000) : new Date(input.from);
  if (from.getTime() >= to.getTime())
    throw new ValidationError(`The window is empty: from ${from.toISOString()} is not before to ${to.toISOString()}`, [
      "from: must be earlier than to",
    ]);
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS)
    throw new ValidationError("The window is longer than 24 hours", ["from/to: ask for at most 24 hours per call"]);
  return { from, to };
}

async function filesOf(d: LogsDeps, ctx: ToolContext, host: string, from: Date, to: Date) {
  return d.cdr.listFiles(serviceabilityTarget(ctx.vault, d.uc, host), from, to, ctx.signal);
}

/** The listing tool. */
export function cdrListTool(d: LogsDeps): AnyTool {
  return defineTool({
    name: "cucm_cdr_list",
    title: "List CDR files",
    description:
      "CDR/CMR files in the publisher's CDR repository for a window (default last hour, max 24 h), via CDR on Demand.",
    input: v.object(windowFields),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    output: v.object({ from: v.string(), to: v.string(), files: v.array(v.unknown()) }),
    product,
    service: "serviceability",
    access: () => ({ service: "logs", product, action: "cdr" }),
    bucket: "logs",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const { from, to } = windowOf(input);
      const files = (await filesOf(d, ctx, host, from, to)).map((f) => ({
        name: f.name,
        time: f.time,
        kind: f.kind,
        node: f.node,
      }));
      const cdrs = files.filter((f) => f.kind === "cdr").length;
      return toolResult(
        `${files.length} file(s) (${cdrs} CDR, ${files.length - cdrs} CMR) on ${host} from ${from.toISOString()} to ${to.toISOString()}; read the calls with cucm_cdr_calls.\n${textTable(
          ["name", "time", "kind", "node"],
          files.map((f) => [f.name, f.time, f.kind, f.node]),
        )}`,
        { from: from.toISOString(), to: to.toISOString(), files },
      );
    },
  });
}

const causeText = (c: CdrCall["origCause"]) => `${c.code} ${c.meaning}`;

/** The calls tool. */
export function cdrCallsTool(d: LogsDeps): AnyTool {
  return defineTool({
    name: "cucm_cdr_calls",
    title: "Calls from CDRs",
    description:
      "Calls in a window's CDRs (default last hour): time, numbers, duration, decoded causes. Saves the files to your downloads.",
    input: v.object({
      ...windowFields,
      max_files: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 30),
    }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    output: v.object({
      from: v.string(),
      to: v.string(),
      files: v.array(v.unknown()),
      calls: v.array(v.unknown()),
      truncated: v.boolean(),
      nextFrom: v.optional(v.string()),
    }),
    product,
    service: "serviceability",
    access: () => ({ service: "logs", product, action: "cdr" }),
    bucket: "logs",
    host: (i) => i.host,
    action: (i) => ({ from: i.from, to: i.to, max_files: i.max_files }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const { from, to } = windowOf(input);
      const all = (await filesOf(d, ctx, host, from, to)).filter((f) => f.kind === "cdr");
      const read = all.slice(0, input.max_files);
      const nextFrom = all[input.max_files]?.time;
      const store = openDownloads(d.clientsDir, ctx.principal.clientName, d.limits.quotaBytes);
      const stored = new Set(store.list().map((f) => f.name));
      const target = serviceabilityTarget(ctx.vault, d.uc, host);
      const calls: CdrCall[] = [];
      const files: Array<{ name: string; file: string; bytes: number; skippedLines: number }> = [];
      for (const f of read) {
        const path = cdrRepositoryPath(f);
        const name = downloadName(host, path);
        // A CDR file never changes once written: one already in the caller's area is read from there.
        let data: Uint8Array;
        if (stored.has(name)) data = store.read(name);
        else {
          data = await d.dime.getOneFile(target, path, d.limits.fileBytes, ctx.signal);
          store.save(name, data);
          ctx.audit.event("logs.cdr.download", { host, path, file: name, bytes: data.byteLength });
        }
        try {
          const table = parseCdrCsv(Buffer.from(data).toString("utf8"));
          calls.push(...callsOfCdrs(table, name));
          files.push({ name: f.name, file: name, bytes: data.byteLength, skippedLines: table.skipped.count });
        } catch (error) {
          if (!(error instanceof CdrFormatError)) throw error;
          throw new ValidationError(`${f.name} from ${host} is not a CDR file: ${error.message}`, [
            "from/to: pick a window whose files cucm_cdr_list shows as cdr",
          ]);
        }
      }
      calls.sort((a, b) => a.time.localeCompare(b.time));
      const shown = calls.slice(0, MAX_CALLS);
      const truncated = calls.length > MAX_CALLS || nextFrom !== undefined;
      const notes = [
        nextFrom !== undefined
          ? `Read ${read.length} of ${all.length} CDR files; call again with from=${nextFrom} for the rest, or narrow the window.`
          : "",
        calls.length > MAX_CALLS
          ? `${calls.length} calls; the first ${MAX_CALLS} are returned: narrow the window.`
          : "",
      ].filter((n) => n !== "");
      const rows = shown.map((c) => [
        c.time,
        c.calling,
        c.called,
        c.durationS,
        causeText(c.origCause),
        causeText(c.destCause),
      ]);
      return toolResult(
        [
          `${calls.length} call(s) in ${read.length} CDR file(s) on ${host} from ${from.toISOString()} to ${to.toISOString()}; files saved in your downloads.`,
          ...notes,
          textTable(["time", "calling", "called", "secs", "orig_cause", "dest_cause"], rows, TEXT_ROWS),
        ].join("\n"),
        {
          from: from.toISOString(),
          to: to.toISOString(),
          files,
          calls: shown,
          truncated,
          ...(nextFrom !== undefined ? { nextFrom } : {}),
        },
      );
    },
  });
}
