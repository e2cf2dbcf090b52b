import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResolvedClient } from "./client-modes.ts";
import { syncClients } from "./client-sync.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("client lifecycle", () => {
  test("creates the layout with a stable .uuid, keeps existing clients, purges removed ones", async () => {
    const root = mkdtempSync(join(tmpdir(), "aib-sync-"));
    dirs.push(root);
    const events: Array<[string, Record<string, unknown>]> = [];
    const audit = { event: (type: string, fields: Record<string, unknown> = {}) => events.push([type, fields]) };
    const created: string[] = [];
    const credentials = {
      ensure: async (c: ResolvedClient, _p: unknown, isNew: boolean) => void (isNew && created.push(c.name)),
    };
    const alice: ResolvedClient = { name: "alice", subject: "s", profile: "admin", mode: "jwt" };
    mkdirSync(join(root, "gone", "reports"), { recursive: true });
    writeFileSync(join(root, "gone", "reports", "r.md"), "x");
    const first = await syncClients({ clientsDir: root, clients: [alice], credentials, audit });
    expect(first).toEqual({ created: ["alice"], kept: [], purged: ["gone"] });
    expect(existsSync(join(root, "gone"))).toBe(false);
    for (const sub of ["reports", "custom"]) expect(existsSync(join(root, "alice", sub))).toBe(true);
    expect(statSync(join(root, "alice", "secrets")).mode & 0o777).toBe(0o700);
    const uuid = readFileSync(join(root, "alice", "secrets", ".uuid"), "utf8");
    const second = await syncClients({ clientsDir: root, clients: [alice], credentials, audit });
    expect(second).toEqual({ created: [], kept: ["alice"], purged: [] });
    expect(readFileSync(join(root, "alice", "secrets", ".uuid"), "utf8")).toBe(uuid);
    expect(created).toEqual(["alice"]);
    expect(events.map(([type]) => type)).toEqual(["client.purged", "client.created"]);
  });
});
