/**
 * `<product>_service_status`, `<product>_service_catalogue` and `<product>_service_control`
 * over ControlCenterServices. Status can cover one node or every node the caller has
 * credentials for; control is destructive: the profile must list the action and the service
 * (serviceability.control_actions / control_services) and the call must say `confirm: true`.
 */
import * as v from "valibot";
import { ValidationError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import type { ServiceState } from "../../protocols/serviceability/control-center.ts";
import { hostField, hostOf, nodesOf } from "../uc/targets.ts";
import { textTable } from "../uc/text-table.ts";
import { type ProductServiceability, serviceabilityTarget } from "./deps.ts";

/** A Cisco service name as Control Center spells it, e.g. "Cisco CallManager". */
export const serviceName = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(100),
  v.regex(/^[\w .&()/-]+$/, "a service name uses letters, digits, spaces and . & ( ) / - _"),
);

const ACTIONS = { start: "Start", stop: "Stop", restart: "Restart" } as const;

function stateRows(node: string, services: ServiceState[]): Array<Array<string | number>> {
  return services.map((s) => [node, s.name, s.status, s.reason.trim(), s.upTimeSeconds ?? ""]);
}

/** The status tool. */
export function serviceStatusTool(p: ProductServiceability): AnyTool {
  const product = p.uc.product;
  return defineTool({
    name: `${product}_service_status`,
    title: "Service status",
    description: `Service status (Started, Stopped, …) with reason and uptime; all_nodes: every node you have credentials for.`,
    input: v.object({
      host: hostField(product),
      services: v.optional(v.pipe(v.array(serviceName), v.maxLength(50), v.description("service names; omit for all"))),
      all_nodes: v.optional(v.boolean()),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    service: "serviceability",
    access: () => ({ service: "serviceability", product, action: "status" }),
    bucket: "serviceability",
    host: (i) => i.host,
    async handler(input, ctx) {
      const hosts = nodesOf(ctx.vault, product, hostOf(input.host), input.all_nodes);
      const nodes = [];
      for (const host of hosts) {
        const answer = await p.controlCenter.status(
          serviceabilityTarget(ctx.vault, p.uc, host),
          input.services ?? [],
          ctx.signal,
        );
        nodes.push({ host, services: answer.services });
      }
      const rows = nodes.flatMap((n) => stateRows(n.host, n.services));
      const down = nodes.flatMap((n) =>
        n.services
          .filter((s) => s.status !== "Started" && s.reason.trim() !== "Service Not Activated")
          .map((s) => `${n.host}: ${s.name} ${s.status}`),
      );
      const summary = `${rows.length} service(s) on ${nodes.length} node(s); ${down.length === 0 ? "every activated service is started" : `not running: ${down.join("; ")}`}`;
      return toolResult(`${summary}\n${textTable(["node", "service", "status", "reason", "uptime_s"], rows)}`, {
        nodes,
      });
    },
  });
}

/** The catalogue tool. */
export function serviceCatalogueTool(p: ProductServiceability): AnyTool {
  const product = p.uc.product;
  return defineTool({
    name: `${product}_service_catalogue`,
    title: "Service catalogue",
    description: `Every service a node can run: name, group, activatable, dependencies.`,
    input: v.object({ host: hostField(product) }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    service: "serviceability",
    access: () => ({ service: "serviceability", product, action: "status" }),
    bucket: "serviceability",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const services = await p.controlCenter.catalogue(serviceabilityTarget(ctx.vault, p.uc, host), ctx.signal);
      const rows = services.map((s) => [s.name, s.group, s.deployable ? "yes" : "no", s.dependsOn.join(", ")]);
      return toolResult(
        `${services.length} service(s) on ${host}\n${textTable(["service", "group", "deployable", "depends_on"], rows)}`,
        { host, services },
      );
    },
  });
}

/** The control tool (start / stop / restart). */
export function serviceControlTool(p: ProductServiceability): AnyTool {
  const product = p.uc.product;
  return defineTool({
    name: `${product}_service_control`,
    title: "Start, stop or restart a service",
    description: `Starts, stops or restarts services on a node; disruptive. Needs confirm: true and a profile that allows it.`,
    input: v.object({
      host: hostField(product),
      action: v.picklist(["start", "stop", "restart"]),
      services: v.pipe(v.array(serviceName), v.minLength(1), v.maxLength(10)),
      confirm: v.optional(v.boolean(), false),
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    // The text already holds the rows as a table; the answer layer must not render them again.
    answer: { textIncludesData: true },
    product,
    service: "serviceability",
    access: (i) => ({ service: "serviceability", product, action: "control", control: i.action, names: i.services }),
    bucket: "serviceability",
    host: (i) => i.host,
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const what = `${input.action} ${input.services.join(", ")} on ${host}`;
      if (input.confirm !== true)
        throw new ValidationError(`Not done: this call would ${what}. Call again with confirm: true to do it.`, [
          `confirm: must be true to ${what}`,
        ]);
      const answer = await p.controlCenter.control(
        serviceabilityTarget(ctx.vault, p.uc, host),
        host,
        ACTIONS[input.action],
        input.services,
        ctx.signal,
      );
      const rows = stateRows(host, answer.services);
      return toolResult(
        `Asked ${host} to ${input.action} ${input.services.join(", ")}; now:\n${textTable(["node", "service", "status", "reason", "uptime_s"], rows)}`,
        { host, action: input.action, services: answer.services },
      );
    },
  });
}
