/**
 * The appliance CA against the compiled binary: at first start secrets/ca.crt (CA:TRUE) and
 * secrets/ca.key (600) exist and sign secrets/server.crt (openssl verify); clients that are not
 * Node (curl, Bun's fetch) connect with verification on trusting only ca.crt; `ai-bridge ca`
 * prints the path and the SHA-256 fingerprint openssl computes and writes a copy with --out; an
 * installation still holding an earlier version's self-signed leaf gets a CA-signed one at the
 * next start (audited), with the CA kept.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";
import { type BinaryServer, startBinaryServer } from "../support/binary-server.ts";

let server: BinaryServer;
let caFile: string;
beforeAll(async () => {
  server = await startBinaryServer({ AUTH_MODE: "jwt", AUTH_CLIENTS: "alice:sub-alice:admin" });
  caFile = join(server.root, "secrets", "ca.crt");
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

function openssl(args: string[]): string {
  const run = Bun.spawnSync(["openssl", ...args], { stdout: "pipe", stderr: "pipe" });
  return `${run.stdout}${run.stderr}`;
}

test("first start: a CA with CA:TRUE and a 600 key signs the server certificate", () => {
  expect(statSync(join(server.root, "secrets", "ca.key")).mode & 0o777).toBe(0o600);
  expect(openssl(["x509", "-in", caFile, "-noout", "-text"])).toMatch(/CA:TRUE/);
  expect(openssl(["verify", "-CAfile", caFile, join(server.root, "secrets", "server.crt")])).toContain(": OK");
  expect(server.audit().some((e) => e.event === "tls.ca.generated" && typeof e.sha256 === "string")).toBe(true);
});

test("curl --cacert ca.crt and Bun's fetch trusting only ca.crt connect with verification on", async () => {
  const curl = Bun.spawnSync(
    [
      "curl",
      "--silent",
      "--show-error",
      "--cacert",
      caFile,
      "--write-out",
      "%{http_code}",
      "--output",
      "/dev/null",
    ].concat([`${server.issuer}/health`]),
    { stdout: "pipe", stderr: "pipe" },
  );
  expect(curl.stderr.toString()).toBe("");
  expect(curl.stdout.toString()).toBe("200");
  const res = await fetch(`${server.issuer}/health`, { tls: { ca: readFileSync(caFile, "utf8") } } as RequestInit);
  expect(res.status).toBe(200);
  // Without the CA, verification fails: the test would notice a server that stopped verifying.
  const refused = Bun.spawnSync(["curl", "--silent", "--output", "/dev/null", `${server.issuer}/health`]);
  expect(refused.exitCode).not.toBe(0);
});

test("ai-bridge ca prints the path and openssl's SHA-256 fingerprint; --out writes the same file", () => {
  const dir = mkdtempSync(join(tmpdir(), "ca-out-"));
  try {
    const out = join(dir, "appliance-ca.pem");
    const run = server.cli(["ca", "--out", out]);
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    const expected = openssl(["x509", "-in", caFile, "-noout", "-fingerprint", "-sha256"]).trim().split("=")[1];
    expect(run.out).toContain(`CA certificate: ${caFile}`);
    expect(run.out).toContain(`SHA-256 fingerprint: ${expected}`);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(caFile, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an earlier version's self-signed leaf is replaced at the next start, audited; the CA stays", async () => {
  const caBefore = readFileSync(caFile, "utf8");
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const leaf = forge.pki.createCertificate();
  leaf.publicKey = forge.pki.publicKeyFromPem(keys.publicKey.export({ type: "spki", format: "pem" }).toString());
  leaf.serialNumber = "01";
  leaf.validity.notBefore = new Date(Date.now() - 60_000);
  leaf.validity.notAfter = new Date(Date.now() + 300 * 86_400_000);
  const subject = [
    { shortName: "CN", value: "127.0.0.1" },
    { shortName: "O", value: "AI-Bridge for Cisco UC (self-signed)" },
  ];
  leaf.setSubject(subject);
  leaf.setIssuer(subject);
  leaf.setExtensions([{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }]);
  const keyPem = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  leaf.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  writeFileSync(join(server.root, "secrets", "server.crt"), forge.pki.certificateToPem(leaf));
  writeFileSync(join(server.root, "secrets", "server.key"), keyPem, { mode: 0o600 });
  await server.restart();
  expect(openssl(["verify", "-CAfile", caFile, join(server.root, "secrets", "server.crt")])).toContain(": OK");
  expect(readFileSync(caFile, "utf8")).toBe(caBefore);
  const replaced = server
    .audit()
    .find((e) => e.event === "tls.certificate" && String(e.reason).includes("self-signed certificate replaced"));
  expect(replaced).toBeDefined();
  const res = await fetch(`${server.issuer}/health`, { tls: { ca: caBefore } } as RequestInit);
  expect(res.status).toBe(200);
}, 120_000);
