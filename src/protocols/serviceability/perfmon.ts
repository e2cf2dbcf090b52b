/**
 * PerfmonService (`/perfmonservice2/services/PerfmonService`), after PerfmonService.wsdl:
 * the counter catalogue (perfmonListCounter, perfmonListInstance), one-shot collection of an
 * object (perfmonCollectCounterData) and sessions (perfmonOpenSession, perfmonAddCounter,
 * perfmonCollectSessionData, perfmonCloseSession). Counter names are full paths,
 * `\\host\Object(instance)\Counter` or `\\host\Object\Counter`. Cisco limits PerfMon to a number
 * of requests per minute per node (80 by default; the fault says "Exceeded allowed rate for
 * Perfmon information"), which soap-call.ts reports as throttling.
 */
import type { FetchLike } from "../http.ts";
import { asList, objectOf, textOf } from "../soap/shape.ts";
import { callServiceability, type ServiceabilityTarget } from "./soap-call.ts";

/** One perfmon object and its counters. */
export interface PerfmonObject {
  name: string;
  multiInstance: boolean;
  counters: string[];
}

/** One sampled value; `valid` is false when CStatus says the value is not usable. */
export interface CounterValue {
  /** Full counter path as the node returned it. */
  path: string;
  object: string;
  instance: string;
  counter: string;
  value: number;
  cstatus: number;
  valid: boolean;
}

/** A counter path split in its parts (`instance` is "" for single-instance objects). */
export interface CounterPath {
  host: string;
  object: string;
  instance: string;
  counter: string;
}

/** Builds `\\host\Object(instance)\Counter`. */
export function counterPath(p: CounterPath): string {
  const obj = p.instance === "" ? p.object : `${p.object}(${p.instance})`;
  return `\\\\${p.host}\\${obj}\\${p.counter}`;
}

/** Splits a full counter path; undefined when it is not one. */
function parseCounterPath(path: string): CounterPath | undefined {
  const m = /^\\\\([^\\]+)\\(.+)\\([^\\]+)$/.exec(path);
  if (!m) return undefined;
  const objPart = m[2] as string;
  const inst = /^(.*?)\((.*)\)$/.exec(objPart);
  return {
    host: m[1] as string,
    object: inst ? (inst[1] as string) : objPart,
    instance: inst ? (inst[2] as string) : "",
    counter: m[3] as string,
  };
}

function decodeValues(list: unknown[]): CounterValue[] {
  return list.map((raw) => {
    const item = objectOf(raw);
    const path = textOf(item["Name"]) ?? "";
    const parts = parseCounterPath(path);
    const cstatus = Number(textOf(item["CStatus"]) ?? "0");
    return {
      path,
      object: parts?.object ?? "",
      instance: parts?.instance ?? "",
      counter: parts?.counter ?? path,
      value: Number(textOf(item["Value"]) ?? "0"),
      cstatus,
      // PerfMon's CStatus: 0 and 1 are valid data; other values mark a counter that has none.
      valid: cstatus === 0 || cstatus === 1,
    };
  });
}

/** The PerfmonService client. */
export interface PerfmonClient {
  listObjects(target: ServiceabilityTarget, signal?: AbortSignal): Promise<PerfmonObject[]>;
  listInstances(target: ServiceabilityTarget, object: string, signal?: AbortSignal): Promise<string[]>;
  collect(target: ServiceabilityTarget, object: string, signal?: AbortSignal): Promise<CounterValue[]>;
  openSession(target: ServiceabilityTarget, signal?: AbortSignal): Promise<string>;
  addCounters(target: ServiceabilityTarget, session: string, paths: string[], signal?: AbortSignal): Promise<void>;
  collectSession(target: ServiceabilityTarget, session: string, signal?: AbortSignal): Promise<CounterValue[]>;
  closeSession(target: ServiceabilityTarget, session: string): Promise<void>;
}

/** Creates the client on an injected fetch. */
export function createPerfmonClient(fetchFn: FetchLike): PerfmonClient {
  const call = (
    target: ServiceabilityTarget,
    operation: string,
    payload: Record<string, unknown>,
    signal?: AbortSignal,
  ) => callServiceability(fetchFn, target, { service: "perfmon", operation, payload, ...(signal ? { signal } : {}) });
  return {
    async listObjects(target, signal) {
      const body = await call(target, "perfmonListCounter", { Host: target.host }, signal);
      return asList<Record<string, unknown>>(body.value["perfmonListCounterReturn"]).map((o) => ({
        name: textOf(o["Name"]) ?? "",
        multiInstance: textOf(o["MultiInstance"]) === "true",
        counters: asList<Record<string, unknown>>(objectOf(o["ArrayOfCounter"])["item"]).map(
          (c) => textOf(c["Name"]) ?? "",
        ),
      }));
    },
    async listInstances(target, object, signal) {
      const body = await call(target, "perfmonListInstance", { Host: target.host, Object: object }, signal);
      return asList<Record<string, unknown>>(body.value["perfmonListInstanceReturn"]).map(
        (i) => textOf(i["Name"]) ?? "",
      );
    },
    async collect(target, object, signal) {
      const body = await call(target, "perfmonCollectCounterData", { Host: target.host, Object: object }, signal);
      return decodeValues(asList(body.value["perfmonCollectCounterDataReturn"]));
    },
    async openSession(target, signal) {
      const body = await call(target, "perfmonOpenSession", {}, signal);
      return textOf(body.value["perfmonOpenSessionReturn"]) ?? "";
    },
    async addCounters(target, session, paths, signal) {
      await call(
        target,
        "perfmonAddCounter",
        { SessionHandle: session, ArrayOfCounter: { Counter: paths.map((Name) => ({ Name })) } },
        signal,
      );
    },
    async collectSession(target, session, signal) {
      const body = await call(target, "perfmonCollectSessionData", { SessionHandle: session }, signal);
      return decodeValues(asList(body.value["perfmonCollectSessionDataReturn"]));
    },
    async closeSession(target, session) {
      await call(target, "perfmonCloseSession", { SessionHandle: session });
    },
  };
}
