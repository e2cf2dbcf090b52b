import { describe, expect, test } from "bun:test";
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";
import { ensureApplianceCa, issuedBy, sha256Fingerprint } from "./appliance-ca.ts";
import { ensureServerCertificate, needsRenewal } from "./certificate.ts";
import { hostOnly, sansFor } from "./san.ts";

const caFor = (dir: string) =>
  ensureApplianceCa({ certPath: join(dir, "ca.crt"), keyPath: join(dir, "ca.key"), label: "test" });

function withDir(fn: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "cert-"));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sans = sansFor(["localhost:*", "127.0.0.1:*", "mcp.example.org:8443", "[::1]:*"]);

describe("SANs from allowed hosts", () => {
  test("ports and wildcards stripped; IPs and names separated", () => {
    expect(hostOnly("mcp.example.org:*")).toBe("mcp.example.org");
    expect(hostOnly("[::1]:8443")).toBe("::1");
    expect(sans).toEqual({ dns: ["localhost", "mcp.example.org"], ips: ["127.0.0.1", "::1"] });
  });
});

describe("the appliance's own certificate", () => {
  test("generated with the SANs, kept while valid, renewed past mid-life or when hosts change", () => {
    withDir((dir) => {
      const opts = {
        certPath: join(dir, "server.crt"),
        keyPath: join(dir, "server.key"),
        ca: caFor(dir),
        sans,
        commonName: "mcp.example.org",
      };
      const first = ensureServerCertificate({ ...opts, now: new Date("2026-01-01T00:00:00Z") });
      expect(first.action).toBe("generated");
      expect(statSync(opts.keyPath).mode & 0o777).toBe(0o600);
      const x509 = new X509Certificate(readFileSync(opts.certPath));
      expect(x509.subjectAltName).toContain("DNS:mcp.example.org");
      expect(x509.subjectAltName).toContain("IP Address:127.0.0.1");
      expect(x509.checkHost("mcp.example.org")).toBe("mcp.example.org");

      const kept = ensureServerCertificate({ ...opts, now: new Date("2026-03-01T00:00:00Z") });
      expect(kept.action).toBe("kept");
      expect(kept.certPem).toBe(first.certPem);
      expect(needsRenewal(kept, new Date("2026-03-01T00:00:00Z"))).toBe(false);
      expect(needsRenewal(kept, new Date("2026-08-01T00:00:00Z"))).toBe(true);

      const renewed = ensureServerCertificate({ ...opts, now: new Date("2026-08-01T00:00:00Z") });
      expect(renewed.action).toBe("renewed");
      expect(renewed.reason).toContain("half");

      const moved = ensureServerCertificate({
        ...opts,
        sans: sansFor(["other.example.org:*"]),
        now: new Date("2026-08-02T00:00:00Z"),
      });
      expect(moved.action).toBe("renewed");
      expect(moved.reason).toBe("allowed hosts changed");
    });
  });

  test("a corrupt certificate is replaced", () => {
    withDir((dir) => {
      const opts = {
        certPath: join(dir, "server.crt"),
        keyPath: join(dir, "server.key"),
        ca: caFor(dir),
        sans,
        commonName: "x",
      };
      ensureServerCertificate(opts);
      writeFileSync(opts.certPath, "garbage");
      expect(ensureServerCertificate(opts).reason).toBe("certificate unreadable");
    });
  });

  test("a CA-signed certificate at secrets/server.crt is used and never overwritten", () => {
    withDir((dir) => {
      // A tiny CA and a leaf it signs, standing in for a customer's certificate.
      const caKeys = forge.pki.rsa.generateKeyPair(1024);
      const leafKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const leaf = forge.pki.createCertificate();
      leaf.publicKey = forge.pki.publicKeyFromPem(
        leafKeys.publicKey.export({ type: "spki", format: "pem" }).toString(),
      );
      leaf.serialNumber = "02";
      leaf.validity.notBefore = new Date("2020-01-01");
      leaf.validity.notAfter = new Date("2020-02-01");
      leaf.setSubject([{ shortName: "CN", value: "mcp.corp.example" }]);
      leaf.setIssuer([{ shortName: "CN", value: "Corp CA" }]);
      leaf.sign(caKeys.privateKey, forge.md.sha256.create());
      const certPem = forge.pki.certificateToPem(leaf);
      const keyPem = leafKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      const certPath = join(dir, "server.crt");
      const keyPath = join(dir, "server.key");
      writeFileSync(certPath, certPem);
      writeFileSync(keyPath, keyPem);
      const ca = caFor(dir);
      const used = ensureServerCertificate({ certPath, keyPath, ca, sans, commonName: "x" });
      expect(used.source).toBe("ca-signed");
      expect(needsRenewal(used, new Date("2030-01-01"))).toBe(false);
      expect(readFileSync(certPath, "utf8")).toBe(certPem);
      const viaKeys = ensureServerCertificate({
        certPath: join(dir, "absent.crt"),
        keyPath: join(dir, "absent.key"),
        caSigned: { certPath, keyPath },
        ca,
        sans,
        commonName: "x",
      });
      expect(viaKeys.source).toBe("ca-signed");
      expect(viaKeys.certPem).toBe(certPem);
    });
  });
});

describe("the appliance CA", () => {
  test("CA:TRUE, key 600; the leaf verifies against it with openssl; renewals leave the CA untouched", () => {
    withDir((dir) => {
      const ca = caFor(dir);
      expect(ca.action).toBe("generated");
      expect(statSync(join(dir, "ca.key")).mode & 0o777).toBe(0o600);
      const caX509 = new X509Certificate(ca.certPem);
      expect(caX509.ca).toBe(true);
      expect(caFor(dir).action).toBe("kept");
      const opts = {
        certPath: join(dir, "server.crt"),
        keyPath: join(dir, "server.key"),
        ca,
        sans,
        commonName: "mcp.example.org",
        now: new Date("2026-01-01T00:00:00Z"),
      };
      const leaf = ensureServerCertificate(opts);
      expect(leaf.source).toBe("appliance-ca");
      expect(issuedBy(leaf.certPem, ca)).toBe(true);
      expect(new X509Certificate(leaf.certPem).ca).toBe(false);
      // server.crt is the full chain: leaf, then the CA.
      expect(leaf.certPem.endsWith(ca.certPem)).toBe(true);
      const verify = Bun.spawnSync(["openssl", "verify", "-CAfile", join(dir, "ca.crt"), opts.certPath], {
        stderr: "pipe",
      });
      expect(`${verify.stdout}${verify.stderr}`).toContain(": OK");
      const caBefore = readFileSync(join(dir, "ca.crt"), "utf8");
      const renewed = ensureServerCertificate({ ...opts, now: new Date("2026-08-01T00:00:00Z") });
      expect(renewed.action).toBe("renewed");
      expect(renewed.certPem).not.toBe(leaf.certPem);
      expect(issuedBy(renewed.certPem, ca)).toBe(true);
      expect(readFileSync(join(dir, "ca.crt"), "utf8")).toBe(caBefore);
      expect(sha256Fingerprint(caBefore)).toBe(caX509.fingerprint256);
    });
  });

  test("the self-signed leaf of earlier versions is replaced; a leaf of another CA of ours too", () => {
    withDir((dir) => {
      const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const old = forge.pki.createCertificate();
      old.publicKey = forge.pki.publicKeyFromPem(keys.publicKey.export({ type: "spki", format: "pem" }).toString());
      old.serialNumber = "01";
      old.validity.notBefore = new Date();
      old.validity.notAfter = new Date(Date.now() + 300 * 86_400_000);
      const subject = [
        { shortName: "CN", value: "mcp.example.org" },
        { shortName: "O", value: "AI-Bridge for Cisco UC (self-signed)" },
      ];
      old.setSubject(subject);
      old.setIssuer(subject);
      old.setExtensions([
        {
          name: "subjectAltName",
          altNames: [
            { type: 2, value: "localhost" },
            { type: 2, value: "mcp.example.org" },
            { type: 7, ip: "127.0.0.1" },
            { type: 7, ip: "::1" },
          ],
        },
      ]);
      old.sign(
        forge.pki.privateKeyFromPem(keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
        forge.md.sha256.create(),
      );
      const certPath = join(dir, "server.crt");
      const keyPath = join(dir, "server.key");
      writeFileSync(certPath, forge.pki.certificateToPem(old));
      writeFileSync(keyPath, keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
      const ca = caFor(dir);
      const replaced = ensureServerCertificate({ certPath, keyPath, ca, sans, commonName: "mcp.example.org" });
      expect(replaced.action).toBe("renewed");
      expect(replaced.reason).toContain("self-signed certificate replaced");
      expect(issuedBy(readFileSync(certPath, "utf8"), ca)).toBe(true);
      // A new CA (the old one lost) makes the leaf stale: re-issued by the new CA.
      rmSync(join(dir, "ca.key"));
      const newCa = caFor(dir);
      expect(newCa.action).toBe("generated");
      const reissued = ensureServerCertificate({ certPath, keyPath, ca: newCa, sans, commonName: "mcp.example.org" });
      expect(reissued.reason).toBe("certificate not issued by the current appliance CA");
      expect(issuedBy(reissued.certPem, newCa)).toBe(true);
    });
  });
});
