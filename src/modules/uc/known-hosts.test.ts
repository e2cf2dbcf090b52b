import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KNOWN_HOSTS_FILE, openKnownHosts } from "./known-hosts.ts";

const dir = mkdtempSync(join(tmpdir(), "known-hosts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("appliance-wide known hosts", () => {
  test("trust is per host:port, case-insensitive, stored with mode 600 and survives a reopen", () => {
    const store = openKnownHosts(dir, () => new Date("2026-01-01T00:00:00Z"));
    expect(store.trusted("cucm1", 22)).toBeUndefined();
    store.trust("CUCM1", 22, "SHA256:abc", "alice");
    expect(store.trusted("cucm1", 22)).toBe("SHA256:abc");
    expect(store.trusted("cucm1", 2222)).toBeUndefined();
    expect(statSync(join(dir, KNOWN_HOSTS_FILE)).mode & 0o777).toBe(0o600);
    const again = openKnownHosts(dir);
    expect(again.entry("cucm1", 22)).toEqual({
      fingerprint: "SHA256:abc",
      trustedAt: "2026-01-01T00:00:00.000Z",
      trustedBy: "alice",
    });
    again.trust("cucm1", 22, "SHA256:def", "bob");
    expect(store.trusted("cucm1", 22)).toBe("SHA256:def");
    expect(again.list()).toEqual([expect.objectContaining({ host: "cucm1", port: 22, fingerprint: "SHA256:def" })]);
    expect(JSON.parse(readFileSync(join(dir, KNOWN_HOSTS_FILE), "utf8"))["cucm1:22"].trustedBy).toBe("bob");
  });

  test("a corrupt file is an error that says how to fix it, never a silent 'nothing trusted'", () => {
    const bad = mkdtempSync(join(dir, "bad-"));
    writeFileSync(join(bad, KNOWN_HOSTS_FILE), "{not json");
    expect(() => openKnownHosts(bad).trusted("h", 22)).toThrow(/not valid JSON/);
  });
});
