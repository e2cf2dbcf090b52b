/**
 * The lab's PerfmonService endpoint (`/perfmonservice2/services/PerfmonService`,
 * PerfmonService.wsdl): the counter catalogue, one-shot collection of an object, and sessions
 * (open, add counters, collect, close). Values move over time and follow the lab's own state:
 * the Cisco CallManager call counters scale with the phones registered on the node, cumulative
 * counters only grow. PerfMon answers at most 80 requests per node per minute, with the fault
 * text CUCM uses; fault texts for unknown objects, counters and sessions are the lab's own.
 */
import { randomUUID } from "node:crypto";
import type { LabCredentials, LabDeviceSource, LabNode } from "../contracts.ts";
import { createRateWindow } from "../ris/rate-limit.ts";
import { el, LabSoapFault, type SoapRequest, soapEndpoint, soapResponse, textOf } from "./soap.ts";

/** A counter of an object: `cumulative` ones only grow (callers compute rates from two samples). */
interface CounterModel {
  name: string;
  value(s: Sample): number;
}

interface ObjectModel {
  name: string;
  instances: string[];
  counters: CounterModel[];
}

/** What a value is computed from. */
interface Sample {
  /** Seconds since the lab started. */
  t: number;
  /** Phones registered on this node. */
  registered: number;
  /** Instance index (0 for single-instance objects). */
  i: number;
}

const wave = (t: number, period: number, phase = 0) => Math.sin((2 * Math.PI * t) / period + phase);
const round = Math.round;

const PROCESSOR: ObjectModel = {
  name: "Processor",
  instances: ["_Total", "0", "1"],
  counters: [
    { name: "% CPU Time", value: (s) => round(9 + 5 * wave(s.t, 60, s.i)) },
    { name: "Idle Percentage", value: (s) => round(91 - 5 * wave(s.t, 60, s.i)) },
    { name: "IOwait Percentage", value: (s) => round(1 + wave(s.t, 45, s.i)) },
    { name: "User Percentage", value: (s) => round(6 + 3 * wave(s.t, 60, s.i)) },
    { name: "System Percentage", value: (s) => round(3 + 2 * wave(s.t, 60, s.i)) },
  ],
};

const MEMORY: ObjectModel = {
  name: "Memory",
  instances: [],
  counters: [
    { name: "% Mem Used", value: (s) => round(62 + 2 * wave(s.t, 300)) },
    { name: "% VM Used", value: (s) => round(48 + 2 * wave(s.t, 300)) },
    { name: "Total KBytes", value: () => 16_252_928 },
    { name: "Used KBytes", value: (s) => round(16_252_928 * (0.62 + 0.02 * wave(s.t, 300))) },
  ],
};

const CUCM_OBJECTS: ObjectModel[] = [
  {
    name: "Cisco CallManager",
    instances: [],
    counters: [
      { name: "CallsActive", value: (s) => round(s.registered * 0.04 * (1 + 0.4 * wave(s.t, 120))) },
      { name: "CallsInProgress", value: (s) => round(s.registered * 0.045 * (1 + 0.4 * wave(s.t, 120))) },
      { name: "CallsAttempted", value: (s) => round(s.registered * (50 + 0.01 * s.t)) },
      { name: "CallsCompleted", value: (s) => round(s.registered * (46 + 0.0092 * s.t)) },
      { name: "RegisteredHardwarePhones", value: (s) => s.registered },
      { name: "RegisteredOtherStationDevices", value: (s) => round(s.registered * 0.05) },
      { name: "CallManagerHeartBeat", value: (s) => round(s.t * 2) },
    ],
  },
  {
    name: "Cisco CTIManager",
    instances: [],
    counters: [
      { name: "CcmLinkActive", value: () => 2 },
      { name: "OpenDevices", value: (s) => round(s.registered * 0.1) },
      { name: "OpenLines", value: (s) => round(s.registered * 0.1) },
      { name: "OpenProviders", value: () => 3 },
    ],
  },
  {
    name: "Number of Replicates Created and State of Replication",
    instances: ["ReplicateCount"],
    counters: [
      { name: "Number of Replicates Created", value: () => 721 },
      { name: "Replicate_State", value: () => 2 },
    ],
  },
  PROCESSOR,
  MEMORY,
];

const IMP_OBJECTS: ObjectModel[] = [
  {
    name: "Cisco Presence Engine",
    instances: [],
    counters: [
      { name: "ActiveSubscriptions", value: (s) => round(1200 + 80 * wave(s.t, 180)) },
      { name: "ActiveJsmSessions", value: (s) => round(400 + 30 * wave(s.t, 180)) },
    ],
  },
  PROCESSOR,
  MEMORY,
];

/** PerfMon's documented per-node budget and CUCM's fault text when it is spent. */
const PERFMON_PER_MINUTE = 80;
const rateFault = (n: number) =>
  `AxisFault: Exceeded allowed rate for Perfmon information. Current allowed rate for perfmon information is ${n} requests per minute.`;

/** Options of {@link createPerfmonHandler}. */
export interface PerfmonOptions {
  node: LabNode;
  devices: LabDeviceSource;
  credentials: LabCredentials["axl"];
  now?: () => number;
  perMinute?: number;
}

/** Creates the handler of one node. */
export function createPerfmonHandler(opts: PerfmonOptions): (req: Request) => Promise<Response> {
  const now = opts.now ?? Date.now;
  const started = now();
  const node = opts.node;
  const objects = node.product === "imp" ? IMP_OBJECTS : CUCM_OBJECTS;
  const hostNames = new Set([node.name, node.ip, `${node.name}.lab.local`].map((h) => h.toLowerCase()));
  const sessions = new Map<string, string[]>();
  const window = createRateWindow();
  let registeredCache = { at: -Infinity, value: 0 };
  const registered = (): number => {
    if (now() - registeredCache.at > 5_000) {
      const value = opts.devices
        .risDevices()
        .filter((d) => d.node === node.name && d.status === "Registered" && d.deviceClass === "Phone").length;
      registeredCache = { at: now(), value };
    }
    return registeredCache.value;
  };

  const checkHost = (host: string) => {
    if (!hostNames.has(host.toLowerCase()))
      throw new LabSoapFault(
        `Host "${host}" is not this node (${node.name}); PerfMon answers for the node it runs on.`,
      );
  };
  const objectNamed = (name: string): ObjectModel => {
    const o = objects.find((x) => x.name === name);
    if (!o) throw new LabSoapFault(`Perfmon object "${name}" does not exist on ${node.name}.`);
    return o;
  };
  const sampleOf = (o: ObjectModel, instance: string, counter: CounterModel) =>
    counter.value({
      t: (now() - started) / 1000,
      registered: registered(),
      i: Math.max(0, o.instances.indexOf(instance)),
    });
  const pathOf = (o: ObjectModel, instance: string, counter: string) =>
    `\\\\${node.name}\\${instance === "" ? o.name : `${o.name}(${instance})`}\\${counter}`;
  const counterXml = (tag: string, path: string, value: number) =>
    el(tag, { xml: el("Name", path) + el("Value", value) + el("CStatus", 1) });

  /** Resolves a full counter path to its model, or a fault naming what is wrong. */
  const resolve = (path: string) => {
    const m = /^\\\\([^\\]+)\\(.+)\\([^\\]+)$/.exec(path);
    if (!m) throw new LabSoapFault(`"${path}" is not a counter path (\\\\host\\Object(instance)\\Counter).`);
    checkHost(m[1] as string);
    const inst = /^(.*?)\((.*)\)$/.exec(m[2] as string);
    const o = objectNamed(inst ? (inst[1] as string) : (m[2] as string));
    const instance = inst ? (inst[2] as string) : "";
    if (o.instances.length > 0 ? !o.instances.includes(instance) : instance !== "")
      throw new LabSoapFault(`Instance "${instance}" does not exist for object "${o.name}".`);
    const counter = o.counters.find((c) => c.name === m[3]);
    if (!counter) throw new LabSoapFault(`Counter "${m[3]}" does not exist for object "${o.name}".`);
    return { o, instance, counter };
  };
  const session = (req: SoapRequest) => {
    const handle = textOf(req.body["SessionHandle"]);
    const counters = sessions.get(handle);
    if (!counters) throw new LabSoapFault(`Session handle ${handle || "(empty)"} is not open.`);
    return { handle, counters };
  };

  const answer = (req: SoapRequest): string => {
    switch (req.operation) {
      case "perfmonListCounter": {
        checkHost(textOf(req.body["Host"]));
        const xml = objects
          .map((o) =>
            el("perfmonListCounterReturn", {
              xml:
                el("Name", o.name) +
                el("MultiInstance", o.instances.length > 0) +
                el("ArrayOfCounter", { xml: o.counters.map((c) => el("item", { xml: el("Name", c.name) })).join("") }),
            }),
          )
          .join("");
        return soapResponse(req.operation, xml);
      }
      case "perfmonListInstance": {
        checkHost(textOf(req.body["Host"]));
        const o = objectNamed(textOf(req.body["Object"]));
        const xml = o.instances.map((i) => el("perfmonListInstanceReturn", { xml: el("Name", i) })).join("");
        return soapResponse(req.operation, xml);
      }
      case "perfmonCollectCounterData": {
        checkHost(textOf(req.body["Host"]));
        const o = objectNamed(textOf(req.body["Object"]));
        const instances = o.instances.length > 0 ? o.instances : [""];
        const xml = instances
          .flatMap((i) =>
            o.counters.map((c) =>
              counterXml("perfmonCollectCounterDataReturn", pathOf(o, i, c.name), sampleOf(o, i, c)),
            ),
          )
          .join("");
        return soapResponse(req.operation, xml);
      }
      case "perfmonOpenSession": {
        const handle = `{${randomUUID().toUpperCase()}}`;
        sessions.set(handle, []);
        return soapResponse(req.operation, el("perfmonOpenSessionReturn", handle));
      }
      case "perfmonAddCounter": {
        const { counters } = session(req);
        const array = (req.body["ArrayOfCounter"] ?? {}) as Record<string, unknown>;
        const paths = ((array["Counter"] as unknown[] | undefined) ?? []).map((c) =>
          textOf((c as Record<string, unknown>)["Name"]),
        );
        if (paths.length === 0) throw new LabSoapFault("ArrayOfCounter is empty: add at least one counter.");
        for (const p of paths) resolve(p);
        for (const p of paths) if (!counters.includes(p)) counters.push(p);
        return soapResponse(req.operation, "");
      }
      case "perfmonRemoveCounter": {
        const { handle, counters } = session(req);
        const array = (req.body["ArrayOfCounter"] ?? {}) as Record<string, unknown>;
        const drop = new Set(
          ((array["Counter"] as unknown[] | undefined) ?? []).map((c) =>
            textOf((c as Record<string, unknown>)["Name"]),
          ),
        );
        sessions.set(
          handle,
          counters.filter((c) => !drop.has(c)),
        );
        return soapResponse(req.operation, "");
      }
      case "perfmonCollectSessionData": {
        const { counters } = session(req);
        const xml = counters
          .map((p) => {
            const { o, instance, counter } = resolve(p);
            return counterXml("perfmonCollectSessionDataReturn", p, sampleOf(o, instance, counter));
          })
          .join("");
        return soapResponse(req.operation, xml);
      }
      case "perfmonCloseSession": {
        const { handle } = session(req);
        sessions.delete(handle);
        return soapResponse(req.operation, "");
      }
      case "perfmonQueryCounterDescription": {
        const { o, counter } = resolve(textOf(req.body["Counter"]));
        return soapResponse(
          req.operation,
          el("perfmonQueryCounterDescriptionReturn", `${counter.name} of ${o.name} (lab counter).`),
        );
      }
      default:
        throw new LabSoapFault(`The lab does not simulate PerfmonService operation ${req.operation}.`);
    }
  };
  const perMinute = opts.perMinute ?? PERFMON_PER_MINUTE;
  return soapEndpoint("PerfmonService", opts.credentials, answer, () =>
    window.admit(now(), perMinute) ? undefined : rateFault(perMinute),
  );
}
