/**
 * A lab restarted on the same state directory keeps its CA, node keys and SSH host keys (so
 * clients that trusted it once keep trusting it), and reissues node certificates for a new subnet.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLab } from "../../src/lab/cluster.ts";
import { randomSubnet } from "../support/lab-harness.ts";

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
});
