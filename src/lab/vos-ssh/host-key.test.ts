import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { utils } from "ssh2";
import { generateHostKey, loadOrCreateHostKey, VosSshError } from "./host-key.ts";

describe("VOS SSH host key", () => {
  test("every generated key parses back (ssh2 sometimes emits one it cannot read)", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1500; i++) {
      const key = generateHostKey();
      expect(utils.parseKey(key.privateKey)).not.toBeInstanceOf(Error);
      seen.add(key.fingerprint);
    }
    expect(seen.size).toBe(1500);
  });

  test("an unreadable key file is a typed error that says how to fix it", () => {
    const dir = mkdtempSync(join(tmpdir(), "hostkey-"));
    try {
      writeFileSync(join(dir, "bad.key"), "not a key");
      expect(() => loadOrCreateHostKey(join(dir, "bad.key"))).toThrow(VosSshError);
      try {
        loadOrCreateHostKey(join(dir, "bad.key"));
      } catch (error) {
        expect((error as VosSshError).code).toBe("LAB_SSH_HOSTKEY_INVALID");
        expect((error as Error).message).toContain("delete the file");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
