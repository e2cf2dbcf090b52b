import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRegistrationStore } from "./registrations.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("registration store", () => {
  test("kept in a 600 file across reopening; unused ones expire, used ones stay", () => {
    const dir = mkdtempSync(join(tmpdir(), "aib-reg-"));
    dirs.push(dir);
    const path = join(dir, "oauth_registrations.json");
    let now = 1_000_000;
    const store = openRegistrationStore(path, 30, () => now);
    const unused = store.add("Unused", ["http://127.0.0.1:1/cb"]);
    const used = store.add("Used", ["http://127.0.0.1:2/cb"]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    now += 20 * 86_400;
    store.touch(used.clientId);
    now += 15 * 86_400;
    const reopened = openRegistrationStore(path, 30, () => now);
    expect(reopened.find(unused.clientId)).toBeUndefined();
    expect(reopened.find(used.clientId)?.clientName).toBe("Used");
    expect(used.clientId).toStartWith("dcr-");
  });
});
