/**
 * `cucm_risport_cti_query` (RisPort70 `selectCtiItem`): the CTI Manager's view of applications,
 * devices and lines: which CTI provider (application or user) is connected, which devices and
 * lines it has open, with status and status reason per CallManager node. Same RIS service,
 * credentials, RBAC section (`cucm.ris`) and per-node query budget as `cucm_risport_query`; a
 * short answer (fewer items than TotalItemsFound) is reported as incomplete.
 */
import * as v from "valibot";
import type { CtiItemRecord } from "../../../wsdl/risport70.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import { hostField, hostOf, risTarget } from "../uc/targets.ts";
import type { CucmDeps } from "./deps.ts";

const names = (what: string) =>
  v.optional(
    v.pipe(
      v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(128))),
      v.maxLength(1000),
      v.description(`${what}; * wildcard`),
    ),
  );

function summary(host: string, mgrClass: string, items: CtiItemRecord[], incomplete: string | undefined): string {
  const byStatus = new Map<string, number>();
  for (const i of items) byStatus.set(i.appStatus, (byStatus.get(i.appStatus) ?? 0) + 1);
  const counts = [...byStatus].map(([s, n]) => `${s} ${n}`).join(", ");
  const line = `${items.length} CTI ${mgrClass.toLowerCase()} item(s) on ${host} (${counts || "none"})`;
  return incomplete === undefined ? line : `${line}\nINCOMPLETE: ${incomplete}`;
}

/** The CTI status tool. */
export function risportCtiTool(deps: CucmDeps): AnyTool {
  return defineTool({
    name: "cucm_risport_cti_query",
    toolset: "serviceability",
    title: "CTI status (RisPort70 selectCtiItem)",
    description:
      "CTI status from RisPort70: applications connected to CTI Manager (Provider), or the devices and lines they control, with status and node.",
    input: v.object({
      host: hostField("cucm"),
      mgrClass: v.optional(v.picklist(["Provider", "Device", "Line"]), "Device"),
      status: v.optional(v.picklist(["Any", "Open", "Closed", "OpenFailed", "Unknown"]), "Any"),
      nodeName: v.optional(v.pipe(v.string(), v.maxLength(253))),
      selectAppBy: v.optional(v.picklist(["AppId", "AppIPV4Address", "AppIPV6Address", "UserId"]), "AppId"),
      appItems: names("application ids, addresses or user ids, per selectAppBy"),
      devNames: names("device names"),
      dirNumbers: names("directory numbers"),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product: "cucm",
    service: "ris",
    access: () => ({ service: "ris" }),
    bucket: "ris",
    host: (i) => i.host,
    answer: { paging: "a status, nodeName, devNames or dirNumbers" },
    output: v.object({
      host: v.string(),
      mgrClass: v.string(),
      count: v.number(),
      /** TotalItemsFound as the node reported it. */
      total: v.number(),
      requests: v.number(),
      nodeErrors: v.array(v.unknown()),
      incomplete: v.optional(v.string()),
      items: v.array(v.unknown()),
    }),
    action: (i) => ({
      mgrClass: i.mgrClass,
      status: i.status,
      ...(i.nodeName === undefined ? {} : { nodeName: i.nodeName }),
      ...(i.appItems === undefined ? {} : { selectAppBy: i.selectAppBy, appItems: i.appItems.slice(0, 5) }),
      ...(i.devNames === undefined ? {} : { devNames: i.devNames.slice(0, 5) }),
      ...(i.dirNumbers === undefined ? {} : { dirNumbers: i.dirNumbers.slice(0, 5) }),
    }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const res = await deps.ris.selectCtiItem(
        risTarget(ctx.vault, deps, host),
        {
          mgrClass: input.mgrClass,
          status: input.status,
          selectAppBy: input.selectAppBy,
          ...(input.nodeName === undefined ? {} : { nodeName: input.nodeName }),
          ...(input.appItems === undefined ? {} : { appItems: input.appItems }),
          ...(input.devNames === undefined ? {} : { devNames: input.devNames }),
          ...(input.dirNumbers === undefined ? {} : { dirNumbers: input.dirNumbers }),
        },
        { signal: ctx.signal },
      );
      return toolResult(summary(host, input.mgrClass, res.items, res.incomplete), {
        host,
        mgrClass: input.mgrClass,
        count: res.items.length,
        total: res.total,
        requests: res.requests,
        nodeErrors: res.nodeErrors,
        ...(res.incomplete === undefined ? {} : { incomplete: res.incomplete }),
        items: res.items,
      } as unknown as Record<string, unknown>);
    },
  });
}
