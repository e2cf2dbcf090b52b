/**
 * The appliance's own certificate authority, in the manner of mkcert or Caddy's internal CA: a CA
 * key and certificate made once (secrets/ca.key, mode 600; secrets/ca.crt, public) that sign the
 * server's leaf certificate. Clients trust ca.crt once; leaf renewals never touch it, so that
 * trust survives them. Some TLS stacks refuse a self-signed leaf as a trust anchor but all accept
 * a CA certificate with CA:TRUE.
 */
import { createPrivateKey, generateKeyPairSync, X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { PUBLIC_FILE_MODE, SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import { loadForge } from "./forge.ts";

/** Organisation name of the CA certificate (how our own CA is recognised). */
const CA_ORGANISATION = "AI-Bridge for Cisco UC (appliance CA)";
/** Ten years: the CA outlives many leaf renewals; a new one means every client trusts again. */
const CA_VALIDITY_DAYS = 3650;

export interface ApplianceCa {
  certPem: string;
  keyPem: string;
  certPath: string;
  /** What this call did. */
  action: "kept" | "generated";
  /** Why a new CA was made, for the log. */
  reason?: string;
}

export interface ApplianceCaOptions {
  certPath: string;
  keyPath: string;
  /** Shown in the CA's common name, so an administrator recognises it in a trust store. */
  label: string;
  now?: Date;
}

/** Loads the CA, or makes it when missing, unreadable, expired or with a key that does not match. */
export function ensureApplianceCa(options: ApplianceCaOptions): ApplianceCa {
  const now = options.now ?? new Date();
  let reason = "no CA yet";
  if (existsSync(options.certPath) && existsSync(options.keyPath)) {
    const certPem = readFileSync(options.certPath, "utf8");
    const keyPem = readFileSync(options.keyPath, "utf8");
    const problem = caProblem(certPem, keyPem, now);
    if (problem === undefined) return { certPem, keyPem, certPath: options.certPath, action: "kept" };
    reason = problem;
  }
  const fresh = generateCa(options.label, now);
  writeFileAtomic(options.keyPath, fresh.keyPem, { mode: SECRET_FILE_MODE });
  writeFileAtomic(options.certPath, fresh.certPem, { mode: PUBLIC_FILE_MODE });
  return { ...fresh, certPath: options.certPath, action: "generated", reason };
}

/** The SHA-256 fingerprint of a certificate, as `openssl x509 -fingerprint -sha256` prints it. */
export function sha256Fingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** True when `certPem` (its first certificate) was signed by `ca`. */
export function issuedBy(certPem: string, ca: Pick<ApplianceCa, "certPem">): boolean {
  try {
    const leaf = new X509Certificate(certPem);
    const issuer = new X509Certificate(ca.certPem);
    return leaf.checkIssued(issuer) && leaf.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** One attribute of the certificate's subject (`O`, `CN`), as X509Certificate lists it one per line. */
export function subjectField(x509: X509Certificate, name: string): string | undefined {
  const line = x509.subject.split("\n").find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1);
}

function caProblem(certPem: string, keyPem: string, now: Date): string | undefined {
  try {
    const x509 = new X509Certificate(certPem);
    if (!x509.checkPrivateKey(createPrivateKey(keyPem))) return "CA key does not match the CA certificate";
    if (!x509.ca) return "CA certificate is not a CA";
    if (now >= new Date(x509.validTo)) return "CA certificate expired";
    return undefined;
  } catch {
    return "CA certificate or key unreadable";
  }
}

function generateCa(label: string, now: Date): { certPem: string; keyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const forge = loadForge();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(notBefore.getTime() + CA_VALIDITY_DAYS * 86_400_000);
  const subject = [
    { shortName: "CN", value: `AI-Bridge local CA ${label}`.slice(0, 64) },
    { shortName: "O", value: CA_ORGANISATION },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    // pathLen 0: this CA signs server certificates only, never another CA.
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}
