/**
 * The signed integrity manifest (docs/operations.md, "Integrity"): SHA-512 of every covered
 * file, and for .env one keyed digest per key so a check can name the keys that changed without
 * the manifest revealing any value (HMAC-SHA512 under a key derived from the server's private
 * key: nobody without that key can test guesses against it). The payload is signed RSA-PSS
 * (SHA-512, salt as long as the digest) with the server's RSA key and stored in
 * secrets/integrity-manifest.json.
 */
import {
  constants,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDotenv, resolveDotenv } from "../config/dotenv.ts";
import { resolveFromRoot } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { PUBLIC_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import { VERSION } from "../version.ts";
import { canonicalJson } from "./canonical-json.ts";
import { type DigestCache, digestFile, type FileDigest } from "./digest-cache.ts";
import { type CoveredFile, coveredFiles, type FileSetOptions } from "./file-set.ts";

/** File name of the manifest in CRYPTO_SECRETS_DIR. */
const MANIFEST_FILE = "integrity-manifest.json";
/** File name of the binary's digest cache in CRYPTO_SECRETS_DIR (digest-cache.ts). */
const DIGEST_CACHE_FILE = "integrity-digest-cache.json";
const ALGORITHM = "RSA-PSS-SHA512";

/** What is signed. */
interface ManifestPayload {
  format: 1;
  signedAt: string;
  version: string;
  /** SHA-256 of the signing public key (SPKI DER), to say which key signed it. */
  keyFingerprint: string;
  files: Record<string, FileDigest>;
  /** Keyed digest of each .env key's value. */
  envKeys: Record<string, string>;
}

interface ManifestFile {
  algorithm: typeof ALGORITHM;
  payload: ManifestPayload;
  signature: string;
}

/** One difference between the manifest and the disk. */
export interface IntegrityChange {
  file: string;
  change: "modified" | "missing" | "added";
  /** For .env: the keys whose value changed, appeared or disappeared (names only). */
  keys?: string[];
}

/** The result of a check. */
export interface IntegrityReport {
  /** intact; mismatch (see changes); missing (no manifest); untrusted (signature does not verify). */
  status: "intact" | "mismatch" | "missing" | "untrusted";
  changes: IntegrityChange[];
  /** Why an untrusted manifest is refused. */
  reason?: string;
  signedAt?: string;
}

/** The keys the manifest is signed and checked with. */
export interface IntegrityKeys {
  privateKey?: KeyObject;
  publicKey: KeyObject;
}

/** Where the manifest lives and which files it covers. */
export interface IntegrityTarget {
  config: Config;
  files: FileSetOptions;
  /** The start-up check digests the binary through this cache; without it every file is hashed. */
  binaryDigests?: DigestCache;
}

export function manifestPath(config: Config): string {
  return join(resolveFromRoot(config, config.CRYPTO_SECRETS_DIR), MANIFEST_FILE);
}

export function digestCachePath(config: Config): string {
  return join(resolveFromRoot(config, config.CRYPTO_SECRETS_DIR), DIGEST_CACHE_FILE);
}

export function manifestExists(config: Config): boolean {
  return existsSync(manifestPath(config));
}

/** Hashes the covered files and the .env keys, signs, and writes the manifest atomically. */
export function signManifest(target: IntegrityTarget, keys: Required<IntegrityKeys>, now = new Date()): number {
  const files = coveredFiles(target.config, target.files);
  const payload: ManifestPayload = {
    format: 1,
    signedAt: now.toISOString(),
    version: VERSION,
    keyFingerprint: fingerprint(keys.publicKey),
    files: Object.fromEntries(files.filter((f) => existsSync(f.path)).map((f) => [f.name, digestOf(target, f.path)])),
    envKeys: envDigests(envPath(target.config), keys.privateKey),
  };
  writeManifest(target.config, payload, keys.privateKey);
  return Object.keys(payload.files).length;
}

/**
 * Updates the entries of files the appliance itself just rewrote (a renewed certificate, the
 * default profiles copied at start, .env written by setup), leaving every other entry as it was signed, so an
 * unrelated change stays reported. Does nothing unless the current manifest verifies.
 */
export function refreshEntries(target: IntegrityTarget, keys: Required<IntegrityKeys>, paths: string[]): boolean {
  const current = readManifest(target.config);
  if (current === undefined || trustProblem(current, keys.publicKey) !== undefined) return false;
  const byPath = new Map(coveredFiles(target.config, target.files).map((f) => [f.path, f]));
  const payload = { ...current.payload, files: { ...current.payload.files } };
  let changed = false;
  for (const path of paths) {
    const file = byPath.get(path);
    if (file === undefined || !existsSync(path)) continue;
    payload.files[file.name] = digestOf(target, path);
    if (path === envPath(target.config)) payload.envKeys = envDigests(path, keys.privateKey);
    changed = true;
  }
  if (changed) writeManifest(target.config, payload, keys.privateKey);
  return changed;
}

/** Compares the disk with the manifest. Without the private key, .env changes are not broken down by key. */
export function verifyManifest(target: IntegrityTarget, keys: IntegrityKeys): IntegrityReport {
  const manifest = readManifest(target.config);
  if (manifest === undefined) return { status: "missing", changes: [] };
  const problem = trustProblem(manifest, keys.publicKey);
  if (problem !== undefined) return { status: "untrusted", changes: [], reason: problem };
  const { payload } = manifest;
  const changes: IntegrityChange[] = [];
  const present = coveredFiles(target.config, target.files);
  const presentNames = new Set(present.map((f) => f.name));
  for (const file of present) {
    const recorded = payload.files[file.name];
    if (!existsSync(file.path)) {
      if (recorded !== undefined) changes.push({ file: file.name, change: "missing" });
      continue;
    }
    if (recorded === undefined) {
      changes.push({ file: file.name, change: "added" });
      continue;
    }
    const now = digestOf(target, file.path);
    if (now.sha512 !== recorded.sha512) changes.push(withEnvKeys(target, file, payload, keys));
  }
  for (const name of Object.keys(payload.files)) {
    if (!presentNames.has(name)) changes.push({ file: name, change: "missing" });
  }
  return { status: changes.length === 0 ? "intact" : "mismatch", changes, signedAt: payload.signedAt };
}

/** One line per change, for the command line and the log. */
export function describeChanges(report: IntegrityReport): string[] {
  if (report.status === "missing") return ["no integrity manifest yet (run: ai-bridge integrity sign)"];
  if (report.status === "untrusted") return [`the manifest is not trusted: ${report.reason}`];
  return report.changes.map(
    (c) => `${c.change}: ${c.file}${c.keys !== undefined && c.keys.length > 0 ? ` (keys: ${c.keys.join(", ")})` : ""}`,
  );
}

function withEnvKeys(
  target: IntegrityTarget,
  file: CoveredFile,
  payload: ManifestPayload,
  keys: IntegrityKeys,
): IntegrityChange {
  if (file.path !== envPath(target.config) || keys.privateKey === undefined) {
    return { file: file.name, change: "modified" };
  }
  const now = envDigests(file.path, keys.privateKey);
  const names = new Set([...Object.keys(now), ...Object.keys(payload.envKeys)]);
  const changedKeys = [...names].filter((key) => now[key] !== payload.envKeys[key]).sort();
  return { file: file.name, change: "modified", keys: changedKeys };
}

/** The binary goes through the cache when the target has one; every other file is small and always hashed. */
function digestOf(target: IntegrityTarget, path: string): FileDigest {
  return target.binaryDigests !== undefined && path === target.files.binary
    ? target.binaryDigests.digest(path)
    : digestFile(path);
}

function envPath(config: Config): string {
  return join(config.root, ".env");
}

function envDigests(path: string, privateKey: KeyObject): Record<string, string> {
  if (!existsSync(path)) return {};
  const values = resolveDotenv(parseDotenv(readFileSync(path, "utf8")).entries);
  const hmacKey = Buffer.from(
    hkdfSync("sha512", privateKey.export({ type: "pkcs8", format: "der" }), "", "ai-bridge integrity .env keys", 64),
  );
  const out: Record<string, string> = {};
  for (const [key, value] of values) {
    out[key] = createHmac("sha512", hmacKey)
      .update(`${key}\n${value ?? "\u0000absent"}`)
      .digest("hex");
  }
  return out;
}

function fingerprint(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex");
}

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };

function writeManifest(config: Config, payload: ManifestPayload, privateKey: KeyObject): void {
  const signature = sign("sha512", Buffer.from(canonicalJson(payload)), { key: privateKey, ...PSS }).toString("base64");
  const file: ManifestFile = { algorithm: ALGORITHM, payload, signature };
  writeFileAtomic(manifestPath(config), `${JSON.stringify(file, null, 2)}\n`, { mode: PUBLIC_FILE_MODE });
}

function readManifest(config: Config): ManifestFile | undefined {
  const path = manifestPath(config);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ManifestFile;
  } catch {
    return { algorithm: ALGORITHM, payload: {} as ManifestPayload, signature: "" };
  }
}

function trustProblem(manifest: ManifestFile, publicKey: KeyObject): string | undefined {
  const { payload } = manifest;
  if (manifest.algorithm !== ALGORITHM || payload?.format !== 1 || typeof manifest.signature !== "string") {
    return "the file is damaged or of an unknown format";
  }
  const ok = verify(
    "sha512",
    Buffer.from(canonicalJson(payload)),
    { key: publicKey, ...PSS },
    Buffer.from(manifest.signature, "base64"),
  );
  if (ok) return undefined;
  return payload.keyFingerprint !== fingerprint(publicKey)
    ? "it was signed with another RSA key than the current public key (AUTH_RSA_PUBLIC_KEY_FILE)"
    : "its signature does not match its content (edited after signing)";
}

/**
 * Loads the server's public key (and its private key when this account may read it) from the
 * configured files; undefined when there is no readable public key yet (before the first start).
 */
export function loadIntegrityKeys(config: Config): IntegrityKeys | undefined {
  const publicPath = resolveFromRoot(config, config.AUTH_RSA_PUBLIC_KEY_FILE);
  if (!existsSync(publicPath)) return undefined;
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(readFileSync(publicPath, "utf8"));
  } catch {
    return undefined;
  }
  let privateKey: KeyObject | undefined;
  try {
    privateKey = createPrivateKey(readFileSync(resolveFromRoot(config, config.AUTH_RSA_PRIVATE_KEY_FILE), "utf8"));
  } catch {
    privateKey = undefined;
  }
  return { publicKey, privateKey };
}
