/**
 * A lab restarted on the same state directory keeps its CA, node keys and SSH host keys (so
 * clients that trusted it once keep trusting it), reissues node certificates for a new subnet, and
 * keeps its CUCM and IM&P databases (changes made over AXL survive; `fresh` starts over).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLab } from "../../src/lab/cluster.ts";
import { axlCaller, randomSubnet } from "../support/lab-harness.ts";

const dir = mkdtempSync(join(tmpdir(), "lab-restart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("lab restart", () => {
  test("keeps CA and host keys; node certificates carry the node IP and name", async () => {
    const first = await startLab({ dataSet: "small", stateDir: dir, subnet: randomSubnet(), sshPort: 0 });
    const fingerprints = first.summary.nodes.map((n) => n.ssh.fingerprint);
    const ca = first.caCertPem;
    await first.stop();
    const subnet = randomSubnet();
    const second = await startLab({ dataSet: "small", stateDir: dir, subnet, sshPort: 0 });
    try {
      expect(second.caCertPem).toBe(ca);
      expect(second.summary.nodes.map((n) => n.ssh.fingerprint)).toEqual(fingerprints);
      const cert = new X509Certificate(readFileSync(join(dir, "pki", "cucm-sub.crt"), "utf8"));
      expect(cert.subjectAltName).toContain(`IP Address:${subnet}.0.12`);
      expect(cert.subjectAltName).toContain("DNS:cucm-sub");
      expect(cert.checkIssued(new X509Certificate(ca))).toBe(true);
      const pub = second.nodes[0];
      const res = await fetch(`https://${pub?.ip}:${pub?.httpsPort}/axl/`, { tls: { ca } } as RequestInit);
      expect(res.status).toBe(401);
    } finally {
      await second.stop();
    }
  }, 30_000);

  test("AXL changes persist across a restart on the same state directory; fresh discards them", async () => {
    const state = mkdtempSync(join(tmpdir(), "lab-persist-"));
    const start = (fresh = false) =>
      startLab({ dataSet: "small", stateDir: state, subnet: randomSubnet(), sshPort: 0, fresh });
    const first = await start();
    try {
      const axl = axlCaller(first);
      const add = await axl.call(
        "addRoutePartition",
        "<routePartition><name>PT-Kept</name><description>survives a restart</description></routePartition>",
      );
      expect(add.status).toBe(200);
      const upd = await axl.call(
        "executeSQLUpdate",
        "<sql>update device set description = 'kept' where name = 'SEP00A1B2C30001'</sql>",
      );
      expect(upd.status).toBe(200);
    } finally {
      await first.stop();
    }
    const second = await start();
    try {
      const get = await axlCaller(second).call("getRoutePartition", "<name>PT-Kept</name>");
      expect(get.text).toContain("<description>survives a restart</description>");
      const row = second.db.query("SELECT description FROM device WHERE name = 'SEP00A1B2C30001'").get() as {
        description: string;
      };
      expect(row.description).toBe("kept");
    } finally {
      await second.stop();
    }
    const third = await start(true);
    try {
      const get = await axlCaller(third).call("getRoutePartition", "<name>PT-Kept</name>");
      expect(get.text).toContain("<axlcode>5007</axlcode>");
    } finally {
      await third.stop();
      rmSync(state, { recursive: true, force: true });
    }
  }, 90_000);
});
