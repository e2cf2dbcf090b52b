/**
 * `cucm_logs_list`, `cucm_logs_download`, `cucm_downloads` and `cucm_sip_ladder`: the trace
 * files of services on one node or every node, one fetched into the caller's downloads, the
 * caller's downloads listed or deleted, and the SIP ladder of one call read from a downloaded
 * SDL trace. docs/logs-and-traces.md says what each does on a real node.
 */
import * as v from "valibot";
import { DOWNLOAD_NAME, downloadName, openDownloads } from "../../clients/downloads.ts";
import { NotFoundError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import type { LogFile } from "../../protocols/logs/log-collection.ts";
import { serviceabilityTarget } from "../serviceability/deps.ts";
import { serviceName } from "../serviceability/service-tools.ts";
import { hostField, hostOf, nodesOf } from "../uc/targets.ts";
import { textTable } from "../uc/text-table.ts";
import type { LogsDeps } from "./deps.ts";
import { callsOf, ladderOf, sipMessagesOf } from "./sip-ladder.ts";

const product = "cucm";
const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true } as const;
const remotePath = v.pipe(
  v.string(),
  v.minLength(2),
  v.maxLength(400),
  v.regex(/^\/var\/log\/[\w./-]+$/, "a path under /var/log/ as cucm_logs_list gives it"),
  v.check((p) => !p.includes(".."), "the path must not contain .."),
);
const fileName = v.pipe(v.string(), v.regex(DOWNLOAD_NAME, "a file name from cucm_downloads"));

/** The list tool. */
export function logsListTool(d: LogsDeps): AnyTool {
  return defineTool({
    name: "cucm_logs_list",
    title: "List trace and log files",
    description:
      "Trace/log files of CUCM services (default Cisco CallManager SDL traces) changed in the last `minutes` (default 60), via Log Collection. all_nodes covers every CUCM node you have credentials for.",
    input: v.object({
      host: hostField(product),
      services: v.optional(v.pipe(v.array(serviceName), v.minLength(1), v.maxLength(10))),
      minutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_080))),
      all_nodes: v.optional(v.boolean()),
    }),
    annotations: READ,
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    service: "serviceability",
    access: () => ({ service: "logs", product, action: "collect" }),
    bucket: "logs",
    host: (i) => i.host,
    async handler(input, ctx) {
      const hosts = nodesOf(ctx.vault, product, hostOf(input.host), input.all_nodes);
      const services = input.services ?? ["Cisco CallManager"];
      const to = new Date();
      const from = new Date(to.getTime() - (input.minutes ?? 60) * 60_000);
      const files: Array<LogFile & { host: string }> = [];
      for (const host of hosts) {
        const found = await d.logCollection.select(
          serviceabilityTarget(ctx.vault, d.uc, host),
          services,
          from,
          to,
          ctx.signal,
        );
        files.push(...found.map((f) => ({ host, ...f })));
      }
      const rows = files.map((f) => [f.host, f.service, f.path, f.size ?? "", f.modified]);
      return toolResult(
        `${files.length} file(s) of ${services.join(", ")} on ${hosts.length} node(s) since ${from.toISOString()}; fetch one with cucm_logs_download.\n${textTable(["node", "service", "path", "bytes", "modified"], rows)}`,
        { from: from.toISOString(), to: to.toISOString(), files },
      );
    },
  });
}

/** The download tool. */
export function logsDownloadTool(d: LogsDeps): AnyTool {
  return defineTool({
    name: "cucm_logs_download",
    title: "Download a trace or log file",
    description:
      "Fetches one file (path from cucm_logs_list) from a CUCM node into your own downloads area, readable as resource download://<name>. Traces can hold personal data.",
    input: v.object({ host: hostField(product), path: remotePath }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product,
    service: "serviceability",
    access: () => ({ service: "logs", product, action: "download" }),
    bucket: "logs",
    host: (i) => i.host,
    action: (i) => ({ path: i.path }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const store = openDownloads(d.clientsDir, ctx.principal.clientName, d.limits.quotaBytes);
      const data = await d.dime.getOneFile(
        serviceabilityTarget(ctx.vault, d.uc, host),
        input.path,
        d.limits.fileBytes,
        ctx.signal,
      );
      const saved = store.save(downloadName(host, input.path), data);
      ctx.audit.event("logs.download", { host, path: input.path, file: saved.name, bytes: saved.bytes });
      return toolResult(
        `Saved ${input.path} from ${host} as ${saved.name} (${saved.bytes} bytes); read it as download://${saved.name}, or get a call ladder with cucm_sip_ladder.`,
        { host, path: input.path, file: saved.name, bytes: saved.bytes, uri: `download://${saved.name}` },
      );
    },
  });
}

/** The downloads tool: list, or delete one. */
export function downloadsTool(d: LogsDeps): AnyTool {
  return defineTool({
    name: "cucm_downloads",
    title: "Your downloads",
    description: "Lists the files in your downloads area with sizes and quota use; `delete` removes one.",
    input: v.object({ delete: v.optional(fileName) }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    access: () => ({ service: "logs", product, action: "download" }),
    bucket: "logs",
    async handler(input, ctx) {
      const store = openDownloads(d.clientsDir, ctx.principal.clientName, d.limits.quotaBytes);
      if (input.delete !== undefined && !store.remove(input.delete))
        throw new NotFoundError(`No download "${input.delete}" in your area`, "Call cucm_downloads to see your files.");
      const files = store.list();
      const used = files.reduce((s, f) => s + f.bytes, 0);
      return toolResult(
        `${input.delete ? `Deleted ${input.delete}. ` : ""}${files.length} file(s), ${used} of ${d.limits.quotaBytes} bytes used.\n${textTable(
          ["file", "bytes", "modified"],
          files.map((f) => [f.name, f.bytes, f.modified]),
        )}`,
        { files, usedBytes: used, quotaBytes: d.limits.quotaBytes },
      );
    },
  });
}

/** The SIP ladder tool. */
export function sipLadderTool(d: LogsDeps): AnyTool {
  return defineTool({
    name: "cucm_sip_ladder",
    title: "SIP ladder of a call",
    description:
      "Reads a downloaded CallManager SDL trace: without call_id, the calls it holds (Call-ID, start, outcome); with call_id, that call's SIP ladder (time, from, to, message).",
    input: v.object({
      file: fileName,
      call_id: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
    }),
    annotations: { ...READ, openWorldHint: false },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    access: () => ({ service: "logs", product, action: "download" }),
    bucket: "logs",
    async handler(input, ctx) {
      const store = openDownloads(d.clientsDir, ctx.principal.clientName, d.limits.quotaBytes);
      const messages = sipMessagesOf(store.text(input.file));
      const calls = callsOf(messages);
      if (input.call_id === undefined) {
        return toolResult(
          `${calls.length} call(s), ${messages.length} SIP message(s) in ${input.file}; pass call_id for a ladder.\n${textTable(
            ["call_id", "start", "from", "messages", "outcome"],
            calls.map((c) => [c.callId, c.start, c.from, c.messages, c.outcome]),
          )}`,
          { file: input.file, calls },
        );
      }
      const rows = ladderOf(messages, input.call_id);
      if (rows.length === 0)
        throw new NotFoundError(
          `No SIP message with Call-ID ${input.call_id} in ${input.file}`,
          "Call cucm_sip_ladder without call_id to list the calls in the file.",
        );
      const ladder = rows.map(([time, from, to, message]) => ({ time, from, to, message }));
      return toolResult(
        `Call ${input.call_id}: ${rows.length} message(s)\n${textTable(["time", "from", "to", "message"], rows)}`,
        {
          file: input.file,
          callId: input.call_id,
          ladder,
        },
      );
    },
  });
}
