/**
 * Serviceability readings taken over the VOS CLI, because real nodes offer them there:
 * `cucm_drf_status` (DRF backup status and history from the publisher's DRF master) and
 * `<product>_certificate_list` (own certificates with their expiry, flagging those that expire
 * within a window). They use the caller's OS credential and the node's trusted host key, like
 * `<product>_os_run_command`, but run only the fixed commands they need, so the profile's
 * serviceability.status decides, not the SSH allowlist.
 */
import * as v from "valibot";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import { hostField, hostOf, vosTarget } from "../uc/targets.ts";
import { textTable } from "../uc/text-table.ts";
import type { ProductServiceability } from "./deps.ts";
import { parseCertList, parseDrfHistory, parseDrfStatus, parseNotAfter } from "./vos-readings.ts";

const DAY_MS = 86_400_000;

/** DRF status and history (CUCM publisher). */
export function drfStatusTool(p: ProductServiceability): AnyTool {
  return defineTool({
    name: "cucm_drf_status",
    title: "DRF backup status and history",
    description: "DRF backups, read on the publisher: last backup's status and the history with results.",
    input: v.object({ host: hostField("cucm") }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product: "cucm",
    service: "os",
    access: () => ({ service: "serviceability", product: "cucm", action: "status" }),
    bucket: "serviceability",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const target = vosTarget(ctx.vault, p.uc, host);
      const statusOut = (await p.uc.ssh.run(target, "utils disaster_recovery status backup")).output;
      const historyOut = (await p.uc.ssh.run(target, "utils disaster_recovery history backup")).output;
      const status = parseDrfStatus(statusOut);
      const history = parseDrfHistory(historyOut);
      const failures = history.filter((h) => h.result !== "SUCCESS");
      const last = history.at(-1);
      const note =
        history.length === 0 && status.status === "unknown"
          ? `No DRF data on ${host}; the DRF master runs on the publisher. Output:\n${statusOut.trim()}`
          : `Last backup: ${status.status}${status.tar ? ` (${status.tar})` : ""}; ${history.length} in history, ${failures.length} not successful${last ? `; newest ${last.tar} ${last.result}` : ""}`;
      return toolResult(
        `${note}\n${textTable(
          ["tar", "completed_on", "result", "type", "features"],
          history.map((h) => [h.tar, h.completedOn, h.result, h.type, h.features]),
        )}`,
        { host, status, history, failures: failures.map((f) => f.tar) },
      );
    },
  });
}

/** Own certificates with expiry. */
export function certificateListTool(p: ProductServiceability): AnyTool {
  const product = p.uc.product;
  return defineTool({
    name: `${product}_certificate_list`,
    title: "Certificates and their expiry",
    description: "A node's own certificates with expiry; flags those expiring within expiring_within_days.",
    input: v.object({
      host: hostField(product),
      expiring_within_days: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)), 30),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    service: "os",
    access: () => ({ service: "serviceability", product, action: "status" }),
    bucket: "serviceability",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const target = vosTarget(ctx.vault, p.uc, host);
      const units = parseCertList((await p.uc.ssh.run(target, "show cert list own")).output);
      const now = Date.now();
      const certificates = [];
      for (const unit of units) {
        const out = (await p.uc.ssh.run(target, `show cert own ${unit.unit}`)).output;
        const notAfter = parseNotAfter(out);
        const daysLeft = notAfter === undefined ? undefined : Math.floor((notAfter.getTime() - now) / DAY_MS);
        certificates.push({
          unit: unit.unit,
          description: unit.description,
          ...(notAfter ? { notAfter: notAfter.toISOString().slice(0, 10) } : {}),
          ...(daysLeft === undefined ? {} : { daysLeft }),
          expiringSoon: daysLeft !== undefined && daysLeft <= input.expiring_within_days,
        });
      }
      const soon = certificates.filter((c) => c.expiringSoon);
      const head = `${certificates.length} certificate(s) on ${host}; ${
        soon.length === 0
          ? `none expires within ${input.expiring_within_days} days`
          : `expiring within ${input.expiring_within_days} days: ${soon.map((c) => `${c.unit} (${c.daysLeft} d)`).join(", ")}`
      }`;
      return toolResult(
        `${head}\n${textTable(
          ["unit", "not_after", "days_left", "expiring_soon", "description"],
          certificates.map((c) => [
            c.unit,
            c.notAfter ?? "?",
            c.daysLeft ?? "?",
            c.expiringSoon ? "YES" : "no",
            c.description,
          ]),
        )}`,
        { host, expiringWithinDays: input.expiring_within_days, certificates },
      );
    },
  });
}
