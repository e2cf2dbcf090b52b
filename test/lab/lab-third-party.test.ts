/**
 * Independent check that the lab speaks like CUCM: two published npm clients used against real
 * clusters, cisco-axl (strong-soap over Cisco's WSDL) and cisco-risport (RisPort70), run unchanged
 * under Node against the lab, following their README flows (third_party_clients.cjs). Node trusts
 * the lab CA through NODE_EXTRA_CA_CERTS; both clients address port 8443, the lab's default.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { startTestLab } from "../support/lab-harness.ts";

let lab: LabHandle;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ lab, cleanup } = await startTestLab());
}, 60_000);
afterAll(async () => {
  await cleanup();
});

const node = Bun.which("node");

describe("published npm clients against the lab", () => {
  test.skipIf(node === null && process.env.CI !== "true")(
    "cisco-axl and cisco-risport README flows",
    async () => {
      expect(node).not.toBeNull();
      const pub = lab.nodes[0];
      const run = Bun.spawn(
        [
          node ?? "node",
          join(import.meta.dir, "third_party_clients.cjs"),
          pub?.ip ?? "",
          lab.credentials.axl.username,
          lab.credentials.axl.password,
        ],
        { env: { ...process.env, NODE_EXTRA_CA_CERTS: lab.caCertPath }, stdout: "pipe", stderr: "pipe" },
      );
      const [stdout, stderr] = await Promise.all([
        new Response(run.stdout).text(),
        new Response(run.stderr).text(),
        run.exited,
      ]);
      expect(stderr).toBe("");
      const r = JSON.parse(stdout) as Record<string, unknown>;
      // The README's addRoutePartition leaves useOriginatingDeviceTimeZone empty. AXLSoap.xsd types
      // it `boolean`, a pattern of t|f|true|false|0|1, so "" is invalid: xmllint refuses the same
      // request, and the lab, checking requests against the schema as CUCM does, refuses it too.
      // Here the client's example is wrong and the lab right.
      expect(r["addRoutePartitionReadme"]).toEqual({
        error: "cvc-type.3.1.3: The value '' of element 'useOriginatingDeviceTimeZone' is not valid.",
      });
      expect(String(r["addRoutePartition"])).toMatch(/^\{[0-9A-F-]{36}\}$/);
      expect(r["removeRoutePartition"]).toBe(r["addRoutePartition"]);
      expect(r["getOperationTags"]).toEqual(["searchCriteria", "returnedTags", "skip", "first"]);
      expect(r["listPhone"]).toHaveLength(8);
      expect(r["getPhone"]).toBe("Cisco 8845");
      expect(String(r["updateLine"])).toMatch(/^\{[0-9A-F-]{36}\}$/);
      expect(r["executeSQLQuery"]).toBe(2);
      expect(r["selectCmDeviceReadme"]).toBe(2);
      const eightyFortyFive = (
        lab.db
          .query("SELECT d.name FROM device d JOIN typemodel m ON m.enum = d.tkmodel WHERE m.name = 'Cisco 8845'")
          .all() as Array<{ name: string }>
      ).map((d) => `${d.name}:36224`);
      expect(r["selectCmDeviceByModel"]).toEqual(eightyFortyFive.sort());
    },
    120_000,
  );
});
