/**
 * ControlCenterServices (`/controlcenterservice2/services/ControlCenterServices`): the status of
 * a node's services, starting / stopping / restarting them, and the static service catalogue.
 * Element names and enumerations are those of ControlCenterServices.wsdl (ServiceStatus is one of
 * Started, Stopped, Starting, Stopping, Unknown; ControlType is Start, Stop or Restart).
 */
import type { FetchLike } from "../http.ts";
import { asList, objectOf, textOf } from "../soap/shape.ts";
import { callServiceability, type ServiceabilityTarget } from "./soap-call.ts";

/** One service as soapGetServiceStatus reports it. */
export interface ServiceState {
  name: string;
  status: string;
  /** Cisco's reason code (-1 when none) and its text, e.g. "Service Not Activated". */
  reasonCode: number | null;
  reason: string;
  startTime: string;
  /** Seconds since the service started (-1 when stopped). */
  upTimeSeconds: number | null;
}

/** A control or status answer. */
export interface ServiceStatusAnswer {
  returnCode: string;
  reason: string;
  services: ServiceState[];
}

/** One entry of the static catalogue. */
export interface ServiceSpec {
  name: string;
  type: string;
  deployable: boolean;
  group: string;
  dependsOn: string[];
}

/** Start, Stop or Restart (the WSDL's ControlType). */
export type ControlAction = "Start" | "Stop" | "Restart";

const num = (v: unknown): number | null => {
  const t = textOf(v);
  return t === null || t === "" || !Number.isFinite(Number(t)) ? null : Number(t);
};

function decodeStatusAnswer(value: Record<string, unknown>): ServiceStatusAnswer {
  const ret = objectOf(Object.values(value).find((v) => typeof v === "object" && v !== null));
  return {
    returnCode: textOf(ret["ReturnCode"]) ?? "",
    reason: textOf(ret["ReasonString"]) ?? "",
    services: asList<Record<string, unknown>>(objectOf(ret["ServiceInfoList"])["item"]).map((item) => ({
      name: textOf(item["ServiceName"]) ?? "",
      status: textOf(item["ServiceStatus"]) ?? "Unknown",
      reasonCode: num(item["ReasonCode"]),
      reason: textOf(item["ReasonCodeString"]) ?? "",
      startTime: textOf(item["StartTime"]) ?? "",
      upTimeSeconds: num(item["UpTime"]),
    })),
  };
}

/** The ControlCenterServices client. */
export interface ControlCenterClient {
  /** Status of the named services, or of every service when `names` is empty. */
  status(target: ServiceabilityTarget, names: string[], signal?: AbortSignal): Promise<ServiceStatusAnswer>;
  /** Starts, stops or restarts services on `nodeName` (the node's own name as CUCM knows it). */
  control(
    target: ServiceabilityTarget,
    nodeName: string,
    action: ControlAction,
    names: string[],
    signal?: AbortSignal,
  ): Promise<ServiceStatusAnswer>;
  /** Every service the product can run (name, type, deployable, group, dependencies). */
  catalogue(target: ServiceabilityTarget, signal?: AbortSignal): Promise<ServiceSpec[]>;
}

/** Creates the client on an injected fetch. */
export function createControlCenterClient(fetchFn: FetchLike): ControlCenterClient {
  return {
    async status(target, names, signal) {
      const body = await callServiceability(fetchFn, target, {
        service: "controlCenter",
        operation: "soapGetServiceStatus",
        // An empty ServiceStatus element asks for every service (the element is mandatory).
        payload: { ServiceStatus: names.length === 0 ? [""] : names },
        ...(signal ? { signal } : {}),
      });
      return decodeStatusAnswer(body.value);
    },
    async control(target, nodeName, action, names, signal) {
      const body = await callServiceability(fetchFn, target, {
        service: "controlCenter",
        operation: "soapDoControlServices",
        payload: { ControlServiceRequest: { NodeName: nodeName, ControlType: action, ServiceList: { item: names } } },
        ...(signal ? { signal } : {}),
      });
      return decodeStatusAnswer(body.value);
    },
    async catalogue(target, signal) {
      const body = await callServiceability(fetchFn, target, {
        service: "controlCenter",
        operation: "soapGetStaticServiceList",
        payload: { ServiceInformationResponse: "" },
        ...(signal ? { signal } : {}),
      });
      const ret = objectOf(body.value["soapGetStaticServiceListReturn"]);
      return asList<Record<string, unknown>>(objectOf(ret["Services"])["item"]).map((item) => ({
        name: textOf(item["ServiceName"]) ?? "",
        type: textOf(item["ServiceType"]) ?? "",
        deployable: textOf(item["Deployable"]) === "true",
        group: textOf(item["GroupName"]) ?? "",
        dependsOn: asList(objectOf(item["DependentServices"])["Service"]).map((s) => textOf(s) ?? ""),
      }));
    },
  };
}
