/**
 * Test fixtures for the lab services: the lab's knob store, a generated device population
 * spread over two CUCM nodes with failover duplicates, a throwaway CA + server certificate (node-forge), and a random
 * loopback address per test file.
 */
import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";
import type { LabKnobs, LabKnobValues, LabNode, RisDevice } from "../../src/lab/contracts.ts";
import { createLabKnobs } from "../../src/lab/knobs.ts";

/** The lab's own knob store, defaults patched (tests drive the services without a cluster). */
export function testKnobs(patch: Partial<LabKnobValues> = {}): LabKnobs {
  // The VOS login delay is seconds by default, as on real nodes; unit tests do not wait for it.
  return createLabKnobs({ vosLoginDelayMs: 0, ...patch });
}

/** A random 127.x.y.z address (x in 100..199 so it does not meet the cluster's 127.10.* plan). */
export function randomLoopback(): string {
  const b = () => 1 + Math.floor(Math.random() * 250);
  return `127.${100 + Math.floor(Math.random() * 100)}.${b()}.${b()}`;
}

/** Two CUCM nodes, one IM&P and one CUC. */
export function labNodes(base = "127.10.0"): LabNode[] {
  return [
    { name: "cucm-pub", product: "cucm", role: "publisher", ip: `${base}.11`, httpsPort: 0, sshPort: 0 },
    { name: "cucm-sub1", product: "cucm", role: "subscriber", ip: `${base}.12`, httpsPort: 0, sshPort: 0 },
    { name: "imp-pub", product: "imp", role: "publisher", ip: `${base}.21`, httpsPort: 0, sshPort: 0 },
    { name: "cuc-pub", product: "cuc", role: "publisher", ip: `${base}.31`, httpsPort: 0, sshPort: 0 },
  ];
}

const MODELS: Array<[number, string]> = [
  [36224, "Cisco 8845"],
  [36213, "Cisco 7811"],
  [30008, "Cisco 7961"],
  [36217, "Cisco 8811"],
];

/**
 * `count` phones alternating between the two CUCM nodes; every 50th phone also has an older
 * UnRegistered record on the other node (the failover duplicate RIS reports).
 */
export function makeDevices(count: number): { devices: RisDevice[]; duplicates: number } {
  const devices: RisDevice[] = [];
  let duplicates = 0;
  for (let i = 0; i < count; i++) {
    const [model, product] = MODELS[i % MODELS.length]!;
    const hex = (0x001122000000 + i).toString(16).toUpperCase().padStart(12, "0");
    const node = i % 2 === 0 ? "cucm-pub" : "cucm-sub1";
    const dn = String(10000 + i);
    const device: RisDevice = {
      name: `SEP${hex}`,
      ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      deviceClass: "Phone",
      model,
      product,
      protocol: i % 3 === 0 ? "SCCP" : "SIP",
      description: `Phone ${i} ${i % 10 === 0 ? "Lobby" : "Desk"}`,
      dirNumbers: [`${dn}-Registered`],
      node,
      status: i % 7 === 0 ? "UnRegistered" : "Registered",
      statusReason: i % 7 === 0 ? 13 : 0,
      timestamp: 1_760_000_000 + i,
      loginUserId: `user${i}`,
      activeLoadId: "sip88xx.14-2-1-0101-13",
    };
    devices.push(device);
    if (i % 50 === 0) {
      duplicates++;
      devices.push({
        ...device,
        node: node === "cucm-pub" ? "cucm-sub1" : "cucm-pub",
        status: "UnRegistered",
        statusReason: 28,
        timestamp: device.timestamp - 3600,
      });
    }
  }
  return { devices, duplicates };
}

/** A throwaway CA and a server certificate for the given IPs (RSA 2048 via node:crypto). */
export function throwawayTls(ips: string[]): { caPem: string; certPem: string; keyPem: string } {
  const keys = () =>
    generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
  const caKeys = keys();
  const leafKeys = keys();
  const caKey = forge.pki.privateKeyFromPem(caKeys.privateKey);
  const make = (publicPem: string, cn: string, serial: string) => {
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
    cert.serialNumber = serial;
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 86_400_000);
    cert.setSubject([{ shortName: "CN", value: cn }]);
    return cert;
  };
  const ca = make(caKeys.publicKey, "Lab test CA", "01");
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  ca.sign(caKey, forge.md.sha256.create());
  const leaf = make(leafKeys.publicKey, ips[0] ?? "localhost", "02");
  leaf.setIssuer(ca.subject.attributes);
  leaf.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, ...ips.map((ip) => ({ type: 7, ip }))] },
  ]);
  leaf.sign(caKey, forge.md.sha256.create());
  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(leaf),
    keyPem: leafKeys.privateKey,
  };
}

/** True when external-tool tests must fail rather than skip. */
export const IN_CI = process.env["CI"] === "true";
