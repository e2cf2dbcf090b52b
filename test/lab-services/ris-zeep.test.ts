/**
 * RisPort70 over real HTTPS with an independent SOAP client: python3-zeep loads Cisco's
 * RISService70.wsdl, pages through selectCmDevice and calls selectCtiItem against the lab
 * handler served by Bun.serve on a random loopback address with a throwaway certificate.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRisHandler } from "../../src/lab/ris/handler.ts";
import { IN_CI, labNodes, makeDevices, randomLoopback, testKnobs, throwawayTls } from "../support/lab-fixtures.ts";

const WSDL = resolve(import.meta.dir, "../../../shared/cisco-schema/ris/RISService70.wsdl");
const PYTHON = "/usr/bin/python3";
const hasZeep = existsSync(PYTHON) && Bun.spawnSync([PYTHON, "-c", "import zeep"]).exitCode === 0 && existsSync(WSDL);
const CREDS = { username: "risuser", password: "Ris-lab-pass-9" };

describe.skipIf(!hasZeep && !IN_CI)("RisPort70 with python3-zeep and the real WSDL", () => {
  const ip = randomLoopback();
  const dir = mkdtempSync(join(tmpdir(), "ris-zeep-"));
  const tls = throwawayTls([ip]);
  const { devices, duplicates } = makeDevices(1200);
  let server: ReturnType<typeof Bun.serve>;

  beforeAll(() => {
    writeFileSync(join(dir, "ca.pem"), tls.caPem);
    const nodes = labNodes();
    const handler = createRisHandler({
      node: nodes[0]!,
      nodes,
      devices: {
        risDevices: () => devices,
        ctiItems: () => [
          { name: "JTAPI-app", node: "cucm-pub", status: "Registered", timestamp: 1_760_000_000 },
          { name: "TAPI-app", node: "cucm-sub1", status: "UnRegistered", timestamp: 1_760_000_100 },
        ],
      },
      knobs: testKnobs(),
      credentials: CREDS,
    });
    server = Bun.serve({ hostname: ip, port: 0, tls: { cert: tls.certPem, key: tls.keyPem }, fetch: handler });
  });

  afterAll(() => {
    server?.stop(true);
    rmSync(dir, { recursive: true, force: true });
  });

  test("zeep pages through every phone and reads CTI items", async () => {
    expect(hasZeep).toBe(true); // in CI a missing zeep or WSDL is a failure, not a skip
    const url = `https://${ip}:${server.port}/realtimeservice2/services/RISService70`;
    // Async spawn: the server runs in this process and must keep answering.
    const args = [join(import.meta.dir, "zeep_ris.py"), WSDL, url, join(dir, "ca.pem"), CREDS.username, CREDS.password];
    const run = Bun.spawn([PYTHON, ...args], {
      env: { PATH: "/usr/bin:/bin", HOME: dir },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stdout, stderr, exitCode] = await Promise.all([
      new Response(run.stdout).text(),
      new Response(run.stderr).text(),
      run.exited,
    ]);
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.pages).toBe(2);
    expect(out.devices).toBe(1200 + duplicates);
    expect(out.unique).toBe(1200);
    expect(out.totals).toEqual([1200 + duplicates, 1200 + duplicates]);
    expect(Object.keys(out.perNode).sort()).toEqual(["cucm-pub", "cucm-sub1"]);
    expect(out.ctiTotal).toBe(2);
    expect(out.cti).toEqual([
      { node: "cucm-pub", app: "JTAPI-app", status: "Open" },
      { node: "cucm-sub1", app: "TAPI-app", status: "Closed" },
    ]);
  }, 60_000);
});
