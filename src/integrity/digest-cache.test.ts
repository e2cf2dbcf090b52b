import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { generateKeyPairSync } from "node:crypto";
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfigText } from "../config/load.ts";
import { digestFile, openDigestCache } from "./digest-cache.ts";
import { signManifest, verifyManifest } from "./manifest.ts";

const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
let dir: string;
let binary: string;
let cacheFile: string;
let reads: string[];

/** A cache whose file reads are counted, with a clock far enough ahead that fresh files count as settled. */
const open = (privateKey = keys.privateKey, now = () => Date.now() + 60_000) =>
  openDigestCache(cacheFile, privateKey, {
    hash: (path) => {
      reads.push(path);
      return digestFile(path);
    },
    now,
  });

/** Lets the kernel's file clock tick, so a next write gets a later status-change time. */
const nextTick = () => Bun.sleepSync(30);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "digest-cache-"));
  mkdirSync(join(dir, "secrets"), { mode: 0o700 });
  binary = join(dir, "ai-bridge");
  cacheFile = join(dir, "secrets", "integrity-digest-cache.json");
  writeFileSync(binary, "binary v1");
  reads = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("binary digest cache", () => {
  test("a restart with the file unchanged answers from the cache without reading the file", () => {
    const first = open().digest(binary);
    expect(first).toEqual(digestFile(binary));
    expect(reads).toEqual([binary]);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    expect(open().digest(binary)).toEqual(first);
    expect(reads).toEqual([binary]);
  });

  test("any change to the file is hashed again: new content, a reset mtime, a rename over it", () => {
    open().digest(binary);
    const before = statSync(binary);
    nextTick();
    appendFileSync(binary, "!");
    expect(open().digest(binary)).toEqual(digestFile(binary));
    expect(reads).toHaveLength(2);
    // Same size and a restored modification time: the status-change time still moved.
    nextTick();
    writeFileSync(binary, "binary v2");
    utimesSync(binary, before.atime, before.mtime);
    expect(open().digest(binary).sha512).toBe(digestFile(binary).sha512);
    expect(reads).toHaveLength(3);
    // Another file renamed into place (same content): a new inode.
    nextTick();
    writeFileSync(join(dir, "copy"), readFileSync(binary));
    renameSync(join(dir, "copy"), binary);
    open().digest(binary);
    expect(reads).toHaveLength(4);
  });

  test("an edited cache, or one MACed with another key, is ignored and the file hashed", () => {
    open().digest(binary);
    const cache = JSON.parse(readFileSync(cacheFile, "utf8"));
    const forged = "0".repeat(128);
    cache.entries[binary].digest.sha512 = forged;
    writeFileSync(cacheFile, JSON.stringify(cache), { mode: 0o600 });
    const answer = open().digest(binary);
    expect(answer.sha512).not.toBe(forged);
    expect(answer).toEqual(digestFile(binary));
    expect(reads).toHaveLength(2);
    expect(open(otherKeys.privateKey).digest(binary)).toEqual(digestFile(binary));
    expect(reads).toHaveLength(3);
    // Garbage is ignored the same way.
    writeFileSync(cacheFile, "not json", { mode: 0o600 });
    open(otherKeys.privateKey).digest(binary);
    expect(reads).toHaveLength(4);
  });

  test("a file changed in the last seconds is hashed but not remembered", () => {
    open(keys.privateKey, Date.now).digest(binary);
    open(keys.privateKey, Date.now).digest(binary);
    expect(reads).toHaveLength(2);
  });

  test("a cache readable or writable by others is ignored, then rewritten owner-only", () => {
    open().digest(binary);
    chmodSync(cacheFile, 0o644);
    open().digest(binary);
    expect(reads).toHaveLength(2);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    open().digest(binary);
    expect(reads).toHaveLength(2);
  });

  test("the start-up check through the cache still reports a changed binary", () => {
    writeFileSync(join(dir, ".env"), `CRYPTO_SECRETS_DIR=${join(dir, "secrets")}\n`);
    const config = parseConfigText(readFileSync(join(dir, ".env"), "utf8"), dir).config;
    const target = () => ({ config, files: { binary }, binaryDigests: open() });
    signManifest(target(), keys);
    expect(verifyManifest(target(), keys).status).toBe("intact");
    expect(reads.filter((path) => path === binary)).toHaveLength(1);
    nextTick();
    writeFileSync(binary, "binary v2");
    expect(verifyManifest(target(), keys).changes).toContainEqual({ file: "ai-bridge", change: "modified" });
  });
});
