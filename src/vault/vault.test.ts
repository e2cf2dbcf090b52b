import { afterEach, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vaultKeyPath } from "./master-key.ts";
import { migrateVaults, openVault, VAULT_WRITES_PER_MINUTE, VaultLimitError } from "./vault.ts";
import { open, VaultTamperError } from "./vault-crypto.ts";
import oldFormat from "./vault-format-1.fixture.json";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** An installation: clients/ and secrets/ side by side, as the appliance lays them out. */
const setup = () => {
  const root = mkdtempSync(join(tmpdir(), "aib-vault-"));
  dirs.push(root);
  const clientsDir = join(root, "clients");
  const secretsDir = join(root, "secrets");
  return {
    root,
    clientsDir,
    secretsDir,
    alice: openVault({ clientsDir, secretsDir, client: "alice" }),
    bob: openVault({ clientsDir, secretsDir, client: "bob" }),
  };
};
const credDir = (root: string, c: string) => join(root, c, "secrets", "credentials");

test("round trip; encrypted at rest; 600 files; listing never shows the password", () => {
  const { clientsDir, alice } = setup();
  alice.put("cucm", "axl", "CUCM1.example.com", { username: "axl", password: "p@ss-w0rd-xyz", port: 8443 });
  expect(alice.get("cucm", "axl", "cucm1.example.com")).toMatchObject({
    username: "axl",
    password: "p@ss-w0rd-xyz",
    port: 8443,
  });
  const [file] = readdirSync(credDir(clientsDir, "alice"));
  expect(file).toBe("cucm-axl-cucm1.example.com.json.enc");
  const path = join(credDir(clientsDir, "alice"), file as string);
  expect(readFileSync(path, "utf8")).not.toContain("p@ss-w0rd-xyz");
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(statSync(join(clientsDir, "alice", "secrets", ".uuid")).mode & 0o777).toBe(0o600);
  expect(JSON.stringify(alice.list())).not.toContain("p@ss-w0rd-xyz");
  expect(alice.list()).toEqual([
    expect.objectContaining({ product: "cucm", kind: "axl", host: "cucm1.example.com", username: "axl" }),
  ]);
  expect(alice.remove("cucm", "axl", "cucm1.example.com")).toBe(true);
  expect(alice.get("cucm", "axl", "cucm1.example.com")).toBeUndefined();
});

test("one client never reads another's: a copied file fails to decrypt", () => {
  const { clientsDir, alice, bob } = setup();
  alice.put("cuc", "cupi", "cuc1", { username: "u", password: "secret-1" });
  expect(bob.get("cuc", "cupi", "cuc1")).toBeUndefined();
  bob.put("cuc", "os", "other", { username: "x", password: "y" });
  const name = "cuc-cupi-cuc1.json.enc";
  mkdirSync(credDir(clientsDir, "bob"), { recursive: true });
  copyFileSync(join(credDir(clientsDir, "alice"), name), join(credDir(clientsDir, "bob"), name));
  expect(() => bob.get("cuc", "cupi", "cuc1")).toThrow(VaultTamperError);
});

test("a changed byte or a renamed host is refused", () => {
  const { clientsDir, alice } = setup();
  alice.put("imp", "os", "imp1", { username: "admin", password: "pw-123456" });
  const dir = credDir(clientsDir, "alice");
  const path = join(dir, "imp-os-imp1.json.enc");
  const sealed = JSON.parse(readFileSync(path, "utf8"));
  const data = Buffer.from(sealed.data, "base64");
  data[0] = (data[0] as number) ^ 1;
  writeFileSync(path, JSON.stringify({ ...sealed, data: data.toString("base64") }));
  expect(() => alice.get("imp", "os", "imp1")).toThrow(VaultTamperError);
  expect(alice.list("imp")).toEqual([expect.objectContaining({ host: "imp1", readable: false })]);
  alice.put("imp", "os", "imp1", { username: "admin", password: "pw-123456" });
  copyFileSync(path, join(dir, "imp-os-imp2.json.enc"));
  expect(() => alice.get("imp", "os", "imp2")).toThrow(VaultTamperError);
  expect(alice.list("imp").map((c) => [c.host, c.readable])).toEqual([
    ["imp1", true],
    ["imp2", false],
  ]);
});

test("host names with path characters are refused", () => {
  const { alice } = setup();
  for (const host of ["../bob", "a/b", "..", "x..y", ""]) {
    expect(() => alice.put("cucm", "axl", host, { username: "u", password: "p" })).toThrow();
  }
});

test("the key is the server's master secret in secrets/ (600), outside clients/", () => {
  const { clientsDir, secretsDir, alice } = setup();
  alice.put("cucm", "axl", "cucm1", { username: "axl", password: "pw-master-1" });
  expect(statSync(vaultKeyPath(secretsDir)).mode & 0o777).toBe(0o600);
  expect(vaultKeyPath(secretsDir).startsWith(clientsDir)).toBe(false);
  const sealed = JSON.parse(readFileSync(join(credDir(clientsDir, "alice"), "cucm-axl-cucm1.json.enc"), "utf8"));
  expect(sealed.v).toBe(2);
});

test("a copy of a client directory alone decrypts nothing", () => {
  const { clientsDir, alice } = setup();
  alice.put("cucm", "axl", "cucm1", { username: "axl", password: "pw-copied-dir" });
  alice.put("cuc", "cupi", "cuc1", { username: "cupi", password: "pw-copied-dir-2" });
  // The copy lands on another installation (its own master key), or with an attacker who has only
  // the directory: the .uuid beside the files, the previous derivation, an empty master key.
  const elsewhere = setup();
  cpSync(join(clientsDir, "alice"), join(elsewhere.clientsDir, "alice"), { recursive: true });
  const thief = openVault({ clientsDir: elsewhere.clientsDir, secretsDir: elsewhere.secretsDir, client: "alice" });
  expect(() => thief.get("cucm", "axl", "cucm1")).toThrow(VaultTamperError);
  expect(thief.list().map((c) => c.readable)).toEqual([false, false]);
  const uuid = readFileSync(join(clientsDir, "alice", "secrets", ".uuid"), "utf8");
  const sealed = JSON.parse(readFileSync(join(credDir(clientsDir, "alice"), "cucm-axl-cucm1.json.enc"), "utf8"));
  const binding = { client: "alice", product: "cucm", kind: "axl", host: "cucm1" };
  for (const master of [Buffer.alloc(32), Buffer.from(uuid.trim()), randomBytes(32)])
    expect(() => open({ master, uuid }, binding, sealed)).toThrow(VaultTamperError);
  expect(() => open({ master: Buffer.alloc(32), uuid }, binding, { ...sealed, v: 1 })).toThrow(VaultTamperError);
  for (const file of readdirSync(credDir(clientsDir, "alice")))
    expect(readFileSync(join(credDir(clientsDir, "alice"), file), "utf8")).not.toContain("pw-copied-dir");
});

test("a vault written in the previous format migrates without loss, then needs the master key", () => {
  const { clientsDir, secretsDir } = setup();
  const dir = credDir(clientsDir, "alice");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(clientsDir, "alice", "secrets", ".uuid"), `${oldFormat.uuid}\n`, { mode: 0o600 });
  for (const [name, sealed] of Object.entries(oldFormat.files)) writeFileSync(join(dir, name), JSON.stringify(sealed));
  const result = migrateVaults(clientsDir, secretsDir);
  expect(result).toEqual({ migrated: { alice: 2 }, failed: 0 });
  for (const name of Object.keys(oldFormat.files)) expect(JSON.parse(readFileSync(join(dir, name), "utf8")).v).toBe(2);
  const alice = openVault({ clientsDir, secretsDir, client: "alice" });
  expect(alice.get("cucm", "axl", "cucm-pub.example.com")).toMatchObject({
    username: "axladmin",
    password: "Old-Format-Secret-1",
    port: 8443,
    updatedAt: "2026-11-20T10:00:00.000Z",
  });
  expect(alice.get("cuc", "cupi", "10.0.0.5")).toMatchObject({
    username: "cupiadmin",
    password: "Old-Format-Secret-2",
  });
  // A second start has nothing left to migrate; the old derivation no longer opens the files.
  expect(migrateVaults(clientsDir, secretsDir)).toEqual({ migrated: {}, failed: 0 });
  rmSync(vaultKeyPath(secretsDir));
  const other = setup();
  cpSync(join(clientsDir, "alice"), join(other.clientsDir, "alice"), { recursive: true });
  const thief = openVault({ clientsDir: other.clientsDir, secretsDir: other.secretsDir, client: "alice" });
  expect(thief.list().every((c) => !c.readable)).toBe(true);
});

test("a format-1 file read before any migration is migrated on the spot", () => {
  const { clientsDir, secretsDir } = setup();
  const dir = credDir(clientsDir, "alice");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(clientsDir, "alice", "secrets", ".uuid"), `${oldFormat.uuid}\n`, { mode: 0o600 });
  const [name, sealed] = Object.entries(oldFormat.files)[1] as [string, unknown];
  writeFileSync(join(dir, name), JSON.stringify(sealed));
  const alice = openVault({ clientsDir, secretsDir, client: "alice" });
  expect(alice.get("cuc", "cupi", "10.0.0.5")?.password).toBe("Old-Format-Secret-2");
  expect(JSON.parse(readFileSync(join(dir, name), "utf8")).v).toBe(2);
  expect(alice.get("cuc", "cupi", "10.0.0.5")?.password).toBe("Old-Format-Secret-2");
});

test("writes are capped: per-minute rate, entry size and entry count", () => {
  const { alice, bob } = setup();
  for (let i = 0; i < VAULT_WRITES_PER_MINUTE; i++) alice.put("cucm", "axl", `h${i}`, { username: "u", password: "p" });
  const err = (() => {
    try {
      alice.put("cucm", "axl", "one-too-many", { username: "u", password: "p" });
    } catch (e) {
      return e;
    }
  })();
  expect(err).toBeInstanceOf(VaultLimitError);
  expect((err as VaultLimitError).limit).toBe("rate");
  expect(alice.get("cucm", "axl", "one-too-many")).toBeUndefined();
  expect(() => alice.remove("cucm", "axl", "h0")).toThrow(VaultLimitError);
  // Another client's vault has its own budget; an oversize entry is refused before it counts.
  expect(() => bob.put("cucm", "axl", "big", { username: "u", password: "x".repeat(5000) })).toThrow(VaultLimitError);
  bob.put("cucm", "axl", "small", { username: "u", password: "p" });
  expect(bob.get("cucm", "axl", "small")?.password).toBe("p");
});
