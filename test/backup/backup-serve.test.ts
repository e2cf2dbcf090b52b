/**
 * The backup schedule inside `ai-bridge serve` (compiled binary): with BACKUP_ENABLED=1 the
 * first start makes one backup at once (none was ever made), audited with reason "schedule",
 * that `backup verify` accepts; a restart within the interval makes none, since the last
 * attempt is remembered in BACKUP_DIR. An SFTP export that cannot run (no pinned host key) is
 * audited and the server keeps serving.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { type BinaryServer, startBinaryServer } from "../support/binary-server.ts";
import { freePort } from "../support/net.ts";

let server: BinaryServer;
const archives = () =>
  readdirSync(join(server.root, "backups")).filter((n) => n.endsWith(".aibk") && !n.startsWith("."));
const created = () => server.audit().filter((e) => e["event"] === "backup.created");

async function until(what: string, probe: () => boolean) {
  const deadline = Date.now() + 60_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in time`);
    await Bun.sleep(100);
  }
}

beforeAll(async () => {
  server = await startBinaryServer({
    BACKUP_ENABLED: "1",
    BACKUP_INTERVAL_HOURS: "24",
    BACKUP_SFTP_HOST: "127.0.0.1",
    BACKUP_SFTP_PORT: String(freePort()),
    BACKUP_SFTP_USER: "nobody-here",
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

test("the first start makes one scheduled backup, which verifies", async () => {
  await until("the scheduled backup", () => created().length === 1);
  expect(created()[0]!["reason"]).toBe("schedule");
  expect(archives()).toHaveLength(1);
  const verify = server.cli(["backup", "verify", archives()[0]!]);
  expect(verify.err).toBe("");
  expect(verify.code).toBe(0);
}, 90_000);

test("a failed SFTP export is audited and the server keeps serving", async () => {
  const failed = () => server.audit().filter((e) => e["event"] === "backup.export_failed");
  await until("the failed export", () => failed().length === 1);
  expect(String(failed()[0]!["error"])).toContain("no host key");
  const health = await server.fetch(`${server.issuer}/health`);
  expect(health.status).toBe(200);
}, 90_000);

test("a restart within the interval makes no second backup", async () => {
  await server.restart();
  await Bun.sleep(1500);
  await server.restart();
  await Bun.sleep(1500);
  expect(created()).toHaveLength(1);
  expect(archives()).toHaveLength(1);
  expect(server.audit().filter((e) => e["event"] === "server.started").length).toBe(3);
}, 120_000);
