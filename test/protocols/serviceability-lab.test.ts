/**
 * The Serviceability clients (ControlCenterServices, PerfmonService) against the lab over
 * verified TLS: the status of every service and of named ones, a stop and a restart seen by
 * the next status call, the static catalogue, the counter catalogue, a one-shot collection, a
 * session sampled twice (cumulative counters grow), and the faults of each service.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { isProtocolError } from "../../src/protocols/errors.ts";
import { createControlCenterClient } from "../../src/protocols/serviceability/control-center.ts";
import { counterPath, createPerfmonClient } from "../../src/protocols/serviceability/perfmon.ts";
import type { ServiceabilityTarget } from "../../src/protocols/serviceability/soap-call.ts";
import { recordingFetch } from "../support/lab-fetch.ts";
import { startTestLab } from "../support/lab-harness.ts";

let lab: LabHandle;
let cleanup: () => Promise<void>;
let pub: ServiceabilityTarget;
let imp: ServiceabilityTarget;
const rec = recordingFetch();
const control = createControlCenterClient(rec.fetch);
const perfmon = createPerfmonClient(rec.fetch);

beforeAll(async () => {
  ({ lab, cleanup } = await startTestLab());
  const target = (name: string): ServiceabilityTarget => {
    const node = lab.nodes.find((n) => n.name === name)!;
    return {
      host: node.ip,
      port: node.httpsPort,
      username: lab.credentials.axl.username,
      password: lab.credentials.axl.password,
      timeoutMs: 10_000,
      tls: { rejectUnauthorized: true, ca: lab.caCertPem },
    };
  };
  pub = target("cucm-pub");
  imp = target("imp-pub");
}, 60_000);
afterAll(() => cleanup());

const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
};

describe("ControlCenterServices", () => {
  test("every service with a state; Cisco CallManager started on the publisher", async () => {
    const all = await control.status(pub, []);
    expect(all.returnCode).toBe("0");
    expect(all.services.length).toBeGreaterThan(20);
    const cm = all.services.find((s) => s.name === "Cisco CallManager");
    expect(cm?.status).toBe("Started");
    expect(cm?.upTimeSeconds).toBeGreaterThan(0);
    const notActivated = all.services.find((s) => s.reason === "Service Not Activated");
    expect(notActivated?.status).toBe("Stopped");
    const sent = rec.sent.at(-1);
    expect(sent?.url).toEndWith("/controlcenterservice2/services/ControlCenterServices");
    expect(sent?.headers["soapaction"]).toBe("soapGetServiceStatus");
  });

  test("a stop and a restart change what the next status call shows", async () => {
    const stopped = await control.control(pub, "cucm-pub", "Stop", ["Cisco Tftp"]);
    expect(stopped.services[0]).toMatchObject({ name: "Cisco Tftp", status: "Stopped" });
    expect((await control.status(pub, ["Cisco Tftp"])).services[0]?.status).toBe("Stopped");
    const restarted = await control.control(pub, "cucm-pub", "Restart", ["Cisco Tftp"]);
    expect(restarted.services[0]?.status).toBe("Starting");
    // Other nodes keep their own state.
    const sub = lab.nodes.find((n) => n.name === "cucm-sub")!;
    const subTarget = { ...pub, host: sub.ip, port: sub.httpsPort };
    expect((await control.status(subTarget, ["Cisco Tftp"])).services[0]?.status).toBe("Started");
  });

  test("faults: an unknown service, another node's name, wrong credentials", async () => {
    const unknown = await rejection(control.status(pub, ["Cisco Nonexistent"]));
    expect(isProtocolError(unknown, "UPSTREAM_PROTOCOL")).toBe(true);
    expect((unknown as Error).message).toContain("Cisco Nonexistent");
    const foreign = await rejection(control.control(pub, "cucm-sub", "Restart", ["Cisco Tftp"]));
    expect((foreign as Error).message).toContain("not this node");
    const auth = await rejection(control.status({ ...pub, password: "wrong" }, []));
    expect(isProtocolError(auth, "UPSTREAM_AUTH")).toBe(true);
    expect((auth as Error).message).not.toContain("wrong");
  });

  test("the static catalogue lists IM&P services on an IM&P node", async () => {
    const list = await control.catalogue(imp);
    expect(list.map((s) => s.name)).toContain("Cisco Presence Engine");
    expect(list.every((s) => s.type === "Service")).toBe(true);
  });
});

describe("PerfmonService", () => {
  test("the counter catalogue, instances, and a one-shot collection with numbers", async () => {
    const objects = await perfmon.listObjects(pub);
    const cm = objects.find((o) => o.name === "Cisco CallManager");
    expect(cm?.counters).toContain("CallsActive");
    expect(objects.find((o) => o.name === "Processor")?.multiInstance).toBe(true);
    expect(await perfmon.listInstances(pub, "Processor")).toContain("_Total");
    const values = await perfmon.collect(pub, "Cisco CallManager");
    const registered = values.find((v) => v.counter === "RegisteredHardwarePhones");
    const expected = lab.devices
      .risDevices()
      .filter((d) => d.node === "cucm-pub" && d.status === "Registered" && d.deviceClass === "Phone").length;
    expect(registered?.value).toBe(expected);
    expect(values.every((v) => v.valid && Number.isFinite(v.value))).toBe(true);
  });

  test("a session samples the counters it was given; cumulative counters do not fall", async () => {
    const session = await perfmon.openSession(pub);
    expect(session).toMatch(/^\{[0-9A-F-]+\}$/);
    const paths = ["CallsAttempted", "CallsActive"].map((counter) =>
      counterPath({ host: "cucm-pub", object: "Cisco CallManager", instance: "", counter }),
    );
    await perfmon.addCounters(pub, session, [
      ...paths,
      counterPath({ host: "cucm-pub", object: "Processor", instance: "_Total", counter: "% CPU Time" }),
    ]);
    const first = await perfmon.collectSession(pub, session);
    await Bun.sleep(1100);
    const second = await perfmon.collectSession(pub, session);
    expect(first.map((v) => v.counter)).toEqual(["CallsAttempted", "CallsActive", "% CPU Time"]);
    expect(second[0]!.value).toBeGreaterThanOrEqual(first[0]!.value);
    expect(second[2]?.instance).toBe("_Total");
    await perfmon.closeSession(pub, session);
    const closed = await rejection(perfmon.collectSession(pub, session));
    expect((closed as Error).message).toContain("not open");
  });

  test("faults: an unknown object, a bad counter path", async () => {
    const object = await rejection(perfmon.collect(pub, "Cisco Nothing"));
    expect((object as Error).message).toContain("Cisco Nothing");
    const session = await perfmon.openSession(pub);
    const bad = await rejection(perfmon.addCounters(pub, session, ["\\\\cucm-pub\\Cisco CallManager\\NoSuchCounter"]));
    expect((bad as Error).message).toContain("NoSuchCounter");
    await perfmon.closeSession(pub, session);
  });
});
