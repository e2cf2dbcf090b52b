/**
 * Proof of realism with an independent SOAP client: python3-zeep loads Cisco's real AXLAPI.wsdl
 * (15.0, from ../shared/cisco-schema), calls every operation the lab's CUCM AXL implements over
 * HTTPS trusting only the lab CA (typed objects, the phone actions, getLdapSyncStatus and
 * executeSQLQueryInactive), and parses every answer.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { OBJECT_SPECS } from "../../src/lab/cucm/axl/objects.ts";
import { SCHEMA_DIR, startTestLab } from "../support/lab-harness.ts";

const PYTHON = "/usr/bin/python3";
const WSDL = join(SCHEMA_DIR, "axl/15.0/AXLAPI.wsdl");
const hasZeep = existsSync(PYTHON) && existsSync(WSDL) && Bun.spawnSync([PYTHON, "-c", "import zeep"]).exitCode === 0;
const mustRun = process.env.CI === "true";

let lab: LabHandle;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ lab, cleanup } = await startTestLab());
}, 60_000);
afterAll(async () => {
  await cleanup();
});

describe("lab AXL with python3-zeep and the real WSDL", () => {
  test.skipIf(!hasZeep && !mustRun)(
    "zeep calls and parses every implemented operation",
    async () => {
      expect(hasZeep).toBe(true);
      const pub = lab.nodes[0];
      const url = `https://${pub?.ip}:${pub?.httpsPort}/axl/`;
      const { username, password } = lab.credentials.axl;
      // Async spawn: the lab runs in this process and must keep answering.
      const run = Bun.spawn(
        [PYTHON, join(import.meta.dir, "zeep_axl.py"), WSDL, url, lab.caCertPath, username, password],
        { stdout: "pipe", stderr: "pipe" },
      );
      const [stdout, stderr, code] = await Promise.all([
        new Response(run.stdout).text(),
        new Response(run.stderr).text(),
        run.exited,
      ]);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as Record<string, unknown>;
      expect(result["getCCMVersion"]).toBe("15.0.1.12900(34)");
      expect(result["executeSQLQuery"]).toBe(3);
      expect(String(result["executeSQLUpdate"])).toBe("1");
      expect(result["getPhone"]).toBe("7777");
      expect(result["getCss"]).toBe("PT-Zeep");
      expect(result["getRoutePattern"]).toBe("RL-PSTN");
      expect(result["listPhone"]).toBe(9);
      const implemented = [
        "getCCMVersion",
        "executeSQLQuery",
        "executeSQLUpdate",
        ...OBJECT_SPECS.flatMap((s) => ["get", "list"].map((v) => `${v}${s.axlName}`)),
        ...["Phone", "Line", "User", "DevicePool", "Css", "RoutePartition", "RoutePattern", "TransPattern"].flatMap(
          (n) => ["add", "update", "remove"].map((v) => `${v}${n}`),
        ),
      ];
      for (const op of implemented) expect(Object.keys(result)).toContain(op);
      for (const op of ["resetPhone", "restartPhone", "applyPhone"])
        expect(String(result[op])).toMatch(/^\{[0-9A-F-]{36}\}$/);
      expect(result["getTransPattern"]).toBe("1XXX");
      expect(result["listSipTrunk"]).toBe(2);
      expect(result["getSipTrunk"]).toBe("Standard SIP Profile");
      expect(result["getRouteList"]).toBe("Default");
      expect(result["getAppUser"]).toBe("true");
      expect(result["listProcessNode"]).toEqual(["EnterpriseWideData", "cucm-pub", "cucm-sub", "imp-pub"]);
      expect(result["getProcessNode"]).toBe("Publisher");
      expect(result["getCallManagerGroup"]).toBe(2);
      expect(result["getLocation"]).toBe("Hub_None");
      expect(result["getLdapSyncStatus"]).toBe("false");
      expect(result["executeSQLQueryInactive"]).toBe(2);
      expect(String(result["removePhone"])).toMatch(/^\{[0-9A-F-]{36}\}$/);
    },
    60_000,
  );
});
