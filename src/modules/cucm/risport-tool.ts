/**
 * `cucm_risport_query` (RisPort70 API reference): real-time registration
 * state of devices — every page (StateInfo), merged across nodes (latest TimeStamp wins), the
 * caller's RBAC class/status filters applied, progress notifications while it pages or waits for
 * the node's per-minute query budget, and cancellation honoured. A short answer (fewer devices
 * than TotalDevicesFound) is completed by name with the device names from AXL (ris-names.ts) or
 * reported as incomplete in the text and in `completeness`.
 */
import * as v from "valibot";
import type { RisDeviceRecord } from "../../../wsdl/risport70.ts";
import { CancelledError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, type ToolContext, toolResult } from "../../mcp/tool.ts";
import type { RisCompleteness, RisProgress } from "../../protocols/ris/client.ts";
import { risFilters } from "../../rbac/access.ts";
import { hostField, hostOf, risTarget } from "../uc/targets.ts";
import type { CucmDeps } from "./deps.ts";
import { narrowRisQuery } from "./ris-filters.ts";
import { risNamesFromAxl } from "./ris-names.ts";

const CLASSES = [
  "Any",
  "Phone",
  "Gateway",
  "H323",
  "Cti",
  "VoiceMail",
  "MediaResources",
  "SIPTrunk",
  "HuntList",
  "Unknown",
] as const;
const STATUSES = ["Any", "Registered", "UnRegistered", "Rejected", "PartiallyRegistered", "Unknown"] as const;
const SELECT_BY = ["Name", "IPV4Address", "IPV6Address", "DirNumber", "Description", "SIPStatus"] as const;

/** Rejects when `signal` aborts, so a wait for the RIS budget ends at once on cancellation. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new CancelledError());
    signal.addEventListener("abort", () => reject(new CancelledError()), { once: true });
  });
}

function progressReporter(ctx: ToolContext) {
  let devices = 0;
  return (p: RisProgress) => {
    if (p.kind === "page") devices = p.devices;
    const message =
      p.kind === "page"
        ? `${p.devices} devices after ${p.requests} RIS request(s)`
        : `waiting ${Math.ceil(p.waitMs / 1000)} s for the node's RIS query budget`;
    ctx.progress(devices, p.kind === "page" && p.total > 0 ? p.total : undefined, message).catch(() => undefined);
  };
}

/** The summary line; the devices themselves are rendered as a table by the framework (answer.ts). */
function summary(host: string, devices: RisDeviceRecord[], requests: number, completeness: RisCompleteness): string {
  const byStatus = new Map<string, number>();
  for (const d of devices) byStatus.set(d.status, (byStatus.get(d.status) ?? 0) + 1);
  const counts = [...byStatus].map(([s, n]) => `${s} ${n}`).join(", ");
  const line = `${devices.length} devices on ${host} (${counts || "none"}; ${requests} RIS request(s))`;
  if (completeness.incomplete !== undefined) return `${line}\nINCOMPLETE: ${completeness.incomplete}`;
  if (completeness.completedByName !== undefined)
    return `${line}; the node's answer was short, so ${completeness.completedByName} missing name(s) from AXL were asked by name`;
  return line;
}

function optional<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}

/** The RIS tool. */
export function risportTool(deps: CucmDeps): AnyTool {
  return defineTool({
    name: "cucm_risport_query",
    title: "Device registration state (RisPort70)",
    description:
      "Live device registration from RisPort70 (latest record over all nodes). Select by name (* wildcard), IP, DN or description.",
    input: v.object({
      host: hostField("cucm"),
      deviceClass: v.optional(v.picklist(CLASSES), "Any"),
      status: v.optional(v.picklist(STATUSES), "Any"),
      selectBy: v.optional(v.picklist(SELECT_BY), "Name"),
      items: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(128))), v.maxLength(50_000)), [
        "*",
      ]),
      model: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
      nodeName: v.optional(v.pipe(v.string(), v.maxLength(253))),
      protocol: v.optional(v.picklist(["Any", "SIP", "SCCP", "Unknown"]), "Any"),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product: "cucm",
    service: "ris",
    access: () => ({ service: "ris" }),
    bucket: "ris",
    host: (i) => i.host,
    answer: { paging: "narrower items (name patterns such as SEP00AB*), a deviceClass, status, model or nodeName" },
    output: v.object({
      host: v.string(),
      count: v.number(),
      requests: v.number(),
      nodeErrors: v.array(v.unknown()),
      filtersApplied: v.unknown(),
      /** What the nodes said they found and sent; `incomplete` says what may be missing. */
      completeness: v.object({
        found: v.number(),
        received: v.number(),
        completedByName: v.optional(v.number()),
        incomplete: v.optional(v.string()),
      }),
      devices: v.array(v.unknown()),
    }),
    action: (i) => ({
      deviceClass: i.deviceClass,
      status: i.status,
      selectBy: i.selectBy,
      items: i.items.length > 5 ? [...i.items.slice(0, 5), `… ${i.items.length} in all`] : i.items,
      ...(i.model === undefined ? {} : { model: i.model }),
      ...(i.nodeName === undefined ? {} : { nodeName: i.nodeName }),
      ...(i.protocol === "Any" ? {} : { protocol: i.protocol }),
    }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const narrowing = narrowRisQuery(
        { deviceClass: input.deviceClass, status: input.status },
        risFilters(ctx.profile),
      );
      const target = risTarget(ctx.vault, deps, host);
      const query = deps.ris.selectCmDevice(
        target,
        {
          deviceClass: narrowing.deviceClass,
          status: narrowing.status,
          selectBy: input.selectBy,
          items: input.items,
          protocol: input.protocol,
          ...(input.model === undefined ? {} : { model: input.model }),
          ...(input.nodeName === undefined ? {} : { nodeName: input.nodeName }),
        },
        {
          signal: ctx.signal,
          onProgress: progressReporter(ctx),
          ...optional("namesFor", risNamesFromAxl(deps, ctx, host)),
        },
      );
      query.catch(() => undefined);
      const res = await Promise.race([query, untilAborted(ctx.signal)]);
      const devices = res.devices.filter(narrowing.keep);
      return toolResult(summary(host, devices, res.requests, res.completeness), {
        host,
        count: devices.length,
        requests: res.requests,
        nodeErrors: res.nodeErrors,
        filtersApplied: narrowing.applied,
        completeness: res.completeness,
        devices,
      } as unknown as Record<string, unknown>);
    },
  });
}
