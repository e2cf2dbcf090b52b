/**
 * The lab's service states, one table per node, shared by the Control Center API (status,
 * start / stop / restart). The initial states are those `utils service list` shows for the
 * node's product and role. A restart passes through Starting for a moment, as on a real node,
 * so the next status call sees the change.
 */
import type { LabNode } from "../contracts.ts";
import { servicesOf } from "../vos-ssh/outputs-services.ts";

/** Cisco's ServiceStatus enumeration (ControlCenterServices.wsdl). */
export type ServiceStatus = "Started" | "Stopped" | "Starting" | "Stopping" | "Unknown";

/** One service of one node. */
export interface LabService {
  name: string;
  status: ServiceStatus;
  /** Shown as ReasonCodeString ("" when running normally). */
  reason: string;
  /** Whether the service is activated (a deactivated service cannot be started). */
  activated: boolean;
  /** When it last started (ms), for StartTime and UpTime. */
  startedAt: number;
}

/** How long a restarted or started service reports Starting. */
const STARTING_MS = 2_000;

/** The state tables of every node. */
export interface ServiceStates {
  /** Every service of `node`, in name order, with transitions applied up to now. */
  list(node: string): LabService[];
  /** Applies a control action; returns the affected services' new states. */
  control(node: string, action: "Start" | "Stop" | "Restart", names: string[]): LabService[];
}

/** Builds the tables from the nodes' products and roles. */
export function createServiceStates(nodes: LabNode[], now: () => number = Date.now): ServiceStates {
  const bootedAt = now() - 41 * 86_400_000;
  const tables = new Map<string, Map<string, LabService & { startingUntil?: number }>>();
  for (const node of nodes) {
    const ctx = { node, version: "", cluster: [node], now: () => new Date(now()) };
    const table = new Map<string, LabService & { startingUntil?: number }>();
    for (const [name, state, note] of servicesOf(ctx)) {
      table.set(name.toLowerCase(), {
        name,
        status: state === "STARTED" ? "Started" : "Stopped",
        reason: note ?? "",
        activated: note !== "Service Not Activated",
        startedAt: bootedAt,
      });
    }
    tables.set(node.name, table);
  }
  const tableOf = (node: string) => {
    const table = tables.get(node);
    if (!table) throw new Error(`unknown lab node ${node}`);
    return table;
  };
  const settle = (s: LabService & { startingUntil?: number }) => {
    if (s.startingUntil !== undefined && now() >= s.startingUntil) {
      s.status = "Started";
      s.startingUntil = undefined;
    }
    return s;
  };
  return {
    list(node) {
      return [...tableOf(node).values()].map(settle).sort((a, b) => a.name.localeCompare(b.name));
    },
    control(node, action, names) {
      const table = tableOf(node);
      return names.map((name) => {
        const s = table.get(name.toLowerCase());
        if (!s) throw new Error(`unknown service ${name}`);
        settle(s);
        if (!s.activated) return s;
        if (action === "Stop") {
          s.status = "Stopped";
          s.reason = "Commanded Out of Service";
          s.startingUntil = undefined;
        } else if (action === "Restart" || s.status !== "Started") {
          s.status = "Starting";
          s.reason = "";
          s.startedAt = now();
          s.startingUntil = now() + STARTING_MS;
        }
        return s;
      });
    },
  };
}
