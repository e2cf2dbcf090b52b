import { describe, expect, test } from "bun:test";
import { createHmac, randomBytes } from "node:crypto";
import { hostKeyAlgorithms, isPinned, pinsFor } from "./known-hosts.ts";

const KEY_A = randomBytes(51);
const KEY_B = randomBytes(51);
const a = KEY_A.toString("base64");
const b = KEY_B.toString("base64");

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
}

describe("known_hosts pinning", () => {
  test("a plain entry on port 22 is written bare, another port as [host]:port", () => {
    const text = `sftp.example.com ssh-ed25519 ${a}\n[sftp.example.com]:2222 ssh-ed25519 ${b}\n`;
    expect(isPinned(pinsFor(text, "sftp.example.com", 22), KEY_A)).toBe(true);
    expect(isPinned(pinsFor(text, "sftp.example.com", 22), KEY_B)).toBe(false);
    expect(isPinned(pinsFor(text, "sftp.example.com", 2222), KEY_B)).toBe(true);
    expect(isPinned(pinsFor(text, "sftp.example.com", 2222), KEY_A)).toBe(false);
    expect(pinsFor(text, "other.example.com", 22).keys).toEqual([]);
  });

  test("hashed entries (ssh-keyscan -H) match their host and port only", () => {
    const text = `${hashed("[10.0.0.5]:2200")} ssh-ed25519 ${a}\n${hashed("10.0.0.5")} ssh-ed25519 ${b}\n`;
    expect(isPinned(pinsFor(text, "10.0.0.5", 2200), KEY_A)).toBe(true);
    expect(isPinned(pinsFor(text, "10.0.0.5", 2200), KEY_B)).toBe(false);
    expect(isPinned(pinsFor(text, "10.0.0.5", 22), KEY_B)).toBe(true);
    expect(pinsFor(text, "10.0.0.6", 2200).keys).toEqual([]);
  });

  test("patterns, negation, comments, @revoked and @cert-authority", () => {
    const text = [
      "# comment",
      `*.example.com,!evil.example.com ssh-ed25519 ${a}`,
      `@cert-authority *.example.com ssh-ed25519 ${b}`,
      `@revoked backup?.example.com ssh-ed25519 ${a}`,
      "garbage-line",
    ].join("\n");
    expect(isPinned(pinsFor(text, "sftp.example.com", 22), KEY_A)).toBe(true);
    expect(pinsFor(text, "evil.example.com", 22).keys).toEqual([]);
    expect(isPinned(pinsFor(text, "sftp.example.com", 22), KEY_B)).toBe(false);
    expect(isPinned(pinsFor(text, "backup1.example.com", 22), KEY_A)).toBe(false);
  });

  test("the host key algorithms offered follow the pinned key types", () => {
    const text = `h ssh-rsa ${a}\nh ecdsa-sha2-nistp256 ${b}\n`;
    expect(hostKeyAlgorithms(pinsFor(text, "h", 22))).toEqual([
      "rsa-sha2-512",
      "rsa-sha2-256",
      "ssh-rsa",
      "ecdsa-sha2-nistp256",
    ]);
  });
});
