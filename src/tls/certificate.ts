/**
 * The HTTPS certificate. A CA-signed pair (TLS_CA_SIGNED_* keys, or a foreign certificate
 * placed at secrets/server.crt + server.key) is used as is and never overwritten. Otherwise
 * the server keeps its own leaf certificate, signed by the appliance CA (appliance-ca.ts; built
 * with node-forge, key generated natively), whose SANs follow MCP_SERVER_SECURITY_ALLOWED_HOSTS,
 * and renews it when it is missing, broken, for other hosts, not issued by the current CA, or
 * past half of its validity (README.md, "TLS"). A self-signed leaf of earlier versions is
 * replaced. secrets/server.crt holds the leaf followed by the CA certificate (a full chain), so
 * a client that was told to trust server.crt keeps working.
 */
import { createPrivateKey, generateKeyPairSync, X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { PUBLIC_FILE_MODE, SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import { type ApplianceCa, issuedBy, subjectField } from "./appliance-ca.ts";
import { loadForge } from "./forge.ts";
import type { SanList } from "./san.ts";

/** Organisation name of the self-signed leaf earlier versions made (replaced at the next start). */
const SELF_SIGNED_MARK = "AI-Bridge for Cisco UC (self-signed)";
/** Organisation name of the leaf the appliance CA signs. */
const LEAF_ORGANISATION = "AI-Bridge for Cisco UC";
const VALIDITY_DAYS = 365;

/** `appliance-ca`: our own leaf, signed by the appliance CA; `ca-signed`: supplied by the administrator. */
export type CertificateSource = "ca-signed" | "appliance-ca";

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
  certPath: string;
  keyPath: string;
  source: CertificateSource;
  notBefore: Date;
  notAfter: Date;
  /** What this call did. */
  action: "kept" | "generated" | "renewed";
  /** Why it was (re)generated, for the log. */
  reason?: string;
}

export interface CertificateOptions {
  /** Where the self-signed pair lives (secrets/server.crt, secrets/server.key). */
  certPath: string;
  keyPath: string;
  /** TLS_CA_SIGNED_CERT_FILE / _KEY_FILE, already resolved, or undefined. */
  caSigned?: { certPath: string; keyPath: string };
  /** The appliance CA that signs our own leaf. */
  ca: Pick<ApplianceCa, "certPem" | "keyPem">;
  sans: SanList;
  commonName: string;
  now?: Date;
}

/** Returns the certificate to serve, generating or renewing our own leaf as needed. */
export function ensureServerCertificate(options: CertificateOptions): ServerCertificate {
  const now = options.now ?? new Date();
  if (options.caSigned) return loadCaSigned(options.caSigned.certPath, options.caSigned.keyPath);
  let renewReason = "no certificate yet";
  if (existsSync(options.certPath) && existsSync(options.keyPath)) {
    const certPem = readFileSync(options.certPath, "utf8");
    const keyPem = readFileSync(options.keyPath, "utf8");
    const inspected = inspect(certPem, keyPem, options.ca);
    if (inspected?.origin === "foreign") return loadCaSigned(options.certPath, options.keyPath);
    renewReason = inspected ? (whyRenew(inspected, options.sans, now) ?? "") : "certificate unreadable";
    if (inspected && renewReason === "") {
      return {
        certPem,
        keyPem,
        certPath: options.certPath,
        keyPath: options.keyPath,
        source: "appliance-ca",
        notBefore: inspected.notBefore,
        notAfter: inspected.notAfter,
        action: "kept",
      };
    }
  }
  const existed = existsSync(options.certPath);
  const fresh = generateLeaf(options.sans, options.commonName, options.ca, now);
  writeFileAtomic(options.keyPath, fresh.keyPem, { mode: SECRET_FILE_MODE });
  writeFileAtomic(options.certPath, fresh.certPem, { mode: PUBLIC_FILE_MODE });
  return {
    ...fresh,
    certPath: options.certPath,
    keyPath: options.keyPath,
    source: "appliance-ca",
    action: existed ? "renewed" : "generated",
    reason: renewReason,
  };
}

/** True when our own leaf should be renewed now (used by the watchdog). */
export function needsRenewal(cert: ServerCertificate, now = new Date()): boolean {
  if (cert.source !== "appliance-ca") return false;
  return pastMidlife(cert.notBefore, cert.notAfter, now);
}

interface Inspected {
  /** `ours`: signed by the current appliance CA; `old-self-signed`: an earlier version's leaf; `stale`: ours, another CA. */
  origin: "ours" | "old-self-signed" | "stale" | "foreign";
  notBefore: Date;
  notAfter: Date;
  dns: string[];
  ips: string[];
  keyMatches: boolean;
}

function inspect(certPem: string, keyPem: string, ca: Pick<ApplianceCa, "certPem">): Inspected | undefined {
  try {
    const x509 = new X509Certificate(certPem);
    const org = subjectField(x509, "O");
    const keyMatches = x509.checkPrivateKey(createPrivateKey(keyPem));
    const altNames = subjectAltNames(x509);
    const origin = issuedBy(certPem, ca)
      ? "ours"
      : org === SELF_SIGNED_MARK && x509.issuer === x509.subject
        ? "old-self-signed"
        : org === LEAF_ORGANISATION
          ? "stale"
          : "foreign";
    return {
      origin,
      notBefore: new Date(x509.validFrom),
      notAfter: new Date(x509.validTo),
      dns: altNames.dns,
      ips: altNames.ips,
      keyMatches,
    };
  } catch {
    return undefined;
  }
}

/** The DNS names and IP addresses of the certificate's subjectAltName (`DNS:a, IP Address:b`). */
function subjectAltNames(x509: X509Certificate): SanList {
  const dns: string[] = [];
  const ips: string[] = [];
  for (const entry of (x509.subjectAltName ?? "").split(", ")) {
    if (entry.startsWith("DNS:")) dns.push(entry.slice("DNS:".length));
    else if (entry.startsWith("IP Address:")) ips.push(canonicalIp(entry.slice("IP Address:".length)));
  }
  return { dns, ips };
}

/** One spelling per address (OpenSSL prints IPv6 uncompressed, configuration usually has `::1`). */
function canonicalIp(ip: string): string {
  return isIP(ip) === 6 ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

function whyRenew(found: Inspected, sans: SanList, now: Date): string | undefined {
  if (found.origin === "old-self-signed") return "self-signed certificate replaced by one the appliance CA signs";
  if (found.origin === "stale") return "certificate not issued by the current appliance CA";
  if (!found.keyMatches) return "key does not match certificate";
  if (now >= found.notAfter) return "certificate expired";
  if (pastMidlife(found.notBefore, found.notAfter, now)) return "less than half of the validity remains";
  const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
  if (!same(found.dns, sans.dns) || !same(found.ips, sans.ips.map(canonicalIp))) return "allowed hosts changed";
  return undefined;
}

function pastMidlife(notBefore: Date, notAfter: Date, now: Date): boolean {
  const midlife = notBefore.getTime() + (notAfter.getTime() - notBefore.getTime()) / 2;
  return now.getTime() >= midlife;
}

function loadCaSigned(certPath: string, keyPath: string): ServerCertificate {
  const certPem = readFileSync(certPath, "utf8");
  const keyPem = readFileSync(keyPath, "utf8");
  const x509 = new X509Certificate(certPem);
  return {
    certPem,
    keyPem,
    certPath,
    keyPath,
    source: "ca-signed",
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    action: "kept",
  };
}

function generateLeaf(sans: SanList, commonName: string, ca: Pick<ApplianceCa, "certPem" | "keyPem">, now: Date) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const forge = loadForge();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000);
  const notAfter = new Date(notBefore.getTime() + VALIDITY_DAYS * 86_400_000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([
    { shortName: "CN", value: commonName },
    { shortName: "O", value: LEAF_ORGANISATION },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  const altNames = [
    ...sans.dns.map((value) => ({ type: 2, value })),
    ...sans.ips.filter((ip) => isIP(ip)).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  // The full chain: leaf first, then the CA (what clients told to trust server.crt still find).
  return { certPem: forge.pki.certificateToPem(cert) + ca.certPem, keyPem: privateKey, notBefore, notAfter };
}
