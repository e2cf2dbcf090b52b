/**
 * The vault key against the compiled binary: a vault written in the previous format (key from
 * the client's .uuid alone) is re-encrypted at start without loss (audited); secrets/vault.key
 * is 600 and outside clients/; a copy of a client directory put into another installation
 * decrypts nothing there.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import oldFormat from "../../src/vault/vault-format-1.fixture.json";
import { type BinaryServer, startBinaryServer } from "../support/binary-server.ts";

const ENV = { AUTH_MODE: "jwt", AUTH_CLIENTS: "alice:sub-alice:admin" };
let first: BinaryServer;
let second: BinaryServer;
beforeAll(async () => {
  first = await startBinaryServer(ENV);
  second = await startBinaryServer(ENV);
}, 240_000);
afterAll(async () => {
  await first?.stop();
  await second?.stop();
});

const credentialsDir = (s: BinaryServer) => join(s.root, "clients", "alice", "secrets", "credentials");

test("a previous-format vault is re-encrypted at the next start without loss, audited", async () => {
  mkdirSync(credentialsDir(first), { recursive: true });
  writeFileSync(join(first.root, "clients", "alice", "secrets", ".uuid"), `${oldFormat.uuid}\n`, { mode: 0o600 });
  for (const [name, sealed] of Object.entries(oldFormat.files))
    writeFileSync(join(credentialsDir(first), name), JSON.stringify(sealed), { mode: 0o600 });
  await first.restart();
  expect(first.audit().some((e) => e.event === "vault.migrated" && e.client === "alice" && e.files === 2)).toBe(true);
  for (const name of readdirSync(credentialsDir(first)))
    expect(JSON.parse(readFileSync(join(credentialsDir(first), name), "utf8")).v).toBe(2);
  const listed = first.cli(["credentials", "list", "--client", "alice"]);
  expect(listed.code).toBe(0);
  expect(listed.out).toContain("cucm axl cucm-pub.example.com: user axladmin port 8443");
  expect(listed.out).toContain("cuc cupi 10.0.0.5: user cupiadmin");
  expect(listed.out).not.toContain("UNREADABLE");
  const key = join(first.root, "secrets", "vault.key");
  expect(statSync(key).mode & 0o777).toBe(0o600);
}, 120_000);

test("a copy of the client directory alone decrypts nothing in another installation", () => {
  const set = first.cli(
    ["credentials", "set", "--client", "alice", "--product", "cucm", "--kind", "os", "--host", "cucm-sub"].concat([
      "--username",
      "osadmin",
    ]),
    "Fresh-Secret-3\n",
  );
  expect(set.code).toBe(0);
  const target = join(second.root, "clients", "alice");
  rmSync(target, { recursive: true, force: true });
  cpSync(join(first.root, "clients", "alice"), target, { recursive: true });
  const listed = second.cli(["credentials", "list", "--client", "alice"]);
  expect(listed.code).toBe(0);
  const lines = listed.out.split("\n").filter((l) => l.includes(":"));
  expect(lines.length).toBe(3);
  for (const line of lines) expect(line).toContain("UNREADABLE");
  for (const name of readdirSync(join(target, "secrets", "credentials"))) {
    const text = readFileSync(join(target, "secrets", "credentials", name), "utf8");
    expect(text).not.toContain("Fresh-Secret-3");
    expect(text).not.toContain("Old-Format-Secret");
  }
  // The original installation still reads all three.
  expect(first.cli(["credentials", "list", "--client", "alice"]).out).not.toContain("UNREADABLE");
});
