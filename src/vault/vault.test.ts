import { afterEach, expect, test } from "bun:test";
import {
  copyFileSync,
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
import { openVault } from "./vault.ts";
import { VaultTamperError } from "./vault-crypto.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const setup = () => {
  const clientsDir = mkdtempSync(join(tmpdir(), "aib-vault-"));
  dirs.push(clientsDir);
  return {
    clientsDir,
    alice: openVault({ clientsDir, client: "alice" }),
    bob: openVault({ clientsDir, client: "bob" }),
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
