import { describe, expect, test } from "bun:test";
import { type AccessRequest, checkAccess, risFilters } from "./access.ts";
import { DEFAULT_PROFILES } from "./default-profiles.ts";
import { type Profile, parseProfileText } from "./profile-schema.ts";

const load = (name: string): Profile => {
  const parsed = parseProfileText(DEFAULT_PROFILES[name] as string, true);
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.profile;
};
const admin = load("admin");
const operator = load("operator");
const auditor = load("auditor");
const allowed = (p: Profile, r: AccessRequest) => checkAccess(p, r).allowed;

describe("AXL matching", () => {
  test("prefix and exact rules of the profile table", () => {
    expect(allowed(auditor, { service: "axl", product: "cucm", operation: "listPhone" })).toBe(true);
    expect(allowed(auditor, { service: "axl", product: "cucm", operation: "getUser" })).toBe(true);
    expect(allowed(auditor, { service: "axl", product: "cucm", operation: "executeSQLQuery" })).toBe(true);
    expect(allowed(auditor, { service: "axl", product: "cucm", operation: "executeSQLUpdate" })).toBe(false);
    expect(allowed(auditor, { service: "axl", product: "cucm", operation: "updatePhone" })).toBe(false);
    expect(allowed(operator, { service: "axl", product: "cucm", operation: "updatePhone" })).toBe(true);
    expect(allowed(operator, { service: "axl", product: "cucm", operation: "updateUser" })).toBe(false);
    expect(allowed(admin, { service: "axl", product: "cucm", operation: "executeSQLUpdate" })).toBe(true);
  });

  test("case tricks, look-alikes and junk do not match", () => {
    for (const operation of [
      "GetPhone",
      "LISTPHONE",
      "ExecuteSQLQuery",
      "executeSQLQuery ",
      "executeSQLQuery\n",
      "gеtPhone", // Cyrillic е
      "get\u200bPhone",
      "executeSQLQuery;removePhone",
      "",
    ]) {
      expect(allowed(auditor, { service: "axl", product: "cucm", operation })).toBe(false);
    }
  });

  test("full-width letters are NFKC-normalised before matching", () => {
    const d = checkAccess(auditor, { service: "axl", product: "cucm", operation: "ｇｅｔPhone" });
    expect(d).toEqual({ allowed: true, normalised: "getPhone" });
  });
});

describe("SSH matching", () => {
  test("prefix on a word boundary", () => {
    expect(allowed(auditor, { service: "ssh", product: "cucm", command: "show version active" })).toBe(true);
    expect(allowed(auditor, { service: "ssh", product: "cucm", command: "show" })).toBe(true);
    expect(allowed(auditor, { service: "ssh", product: "cucm", command: "showx" })).toBe(false);
    expect(allowed(auditor, { service: "ssh", product: "cucm", command: "utils service list" })).toBe(true);
    expect(allowed(auditor, { service: "ssh", product: "cucm", command: "utils service restart Cisco Tomcat" })).toBe(
      false,
    );
    expect(allowed(auditor, { service: "ssh", product: "cucm", command: "  show   version  " })).toBe(true);
  });

  test("chaining, newlines, tabs, substitution and look-alikes are denied", () => {
    for (const command of [
      "show version; utils system restart",
      "show version && utils system restart",
      "show version || utils system restart",
      "show version | utils system restart",
      "show version\nutils system restart",
      "show version\rutils system restart",
      "show\tversion",
      "show `utils system restart`",
      "show $(utils system restart)",
      "show version > /tmp/x",
      "show version < /tmp/x",
      "ｓｈｏｗ version; utils system restart",
      "shоw version", // Cyrillic о
      "Show version",
    ]) {
      const d = checkAccess(auditor, { service: "ssh", product: "cucm", command });
      expect(d.allowed).toBe(false);
    }
  });

  test("a confirmed command must also match confirm_prefixes", () => {
    const restart = { service: "ssh", product: "cucm", command: "utils system restart" } as const;
    expect(allowed(admin, restart)).toBe(true);
    expect(allowed(admin, { ...restart, confirm: true })).toBe(true);
    expect(allowed(admin, { ...restart, command: "show status", confirm: true })).toBe(false);
    const parsed = parseProfileText(
      JSON.stringify({
        product_scope: ["cucm"],
        cucm: { ssh: { rate_limit: 1, allowed_prefixes: ["utils"], confirm_prefixes: ["utils core"] } },
      }),
      true,
    );
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    expect(allowed(parsed.profile, { ...restart, confirm: false })).toBe(true);
    expect(checkAccess(parsed.profile, { ...restart, confirm: true })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining("cucm.ssh.confirm_prefixes"),
    });
    expect(allowed(parsed.profile, { ...restart, command: "utils core active analyze", confirm: true })).toBe(true);
    expect(allowed(operator, { ...restart, command: "show status", confirm: true })).toBe(false);
  });

  test("a product without an ssh section has no SSH", () => {
    const parsed = parseProfileText(
      JSON.stringify({ product_scope: ["cucm"], cucm: { axl: { rate_limit: 1 } } }),
      true,
    );
    if (!parsed.ok) throw new Error("bad");
    expect(checkAccess(parsed.profile, { service: "ssh", product: "cucm", command: "show version" })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining("no cucm.ssh section"),
    });
  });
});

describe("CUPI matching", () => {
  test("METHOD /path prefixes", () => {
    expect(allowed(auditor, { service: "cupi", method: "GET", path: "/vmrest/users" })).toBe(true);
    expect(allowed(auditor, { service: "cupi", method: "PUT", path: "/vmrest/users/abc" })).toBe(false);
    expect(allowed(operator, { service: "cupi", method: "PUT", path: "/vmrest/users/abc" })).toBe(true);
    expect(allowed(operator, { service: "cupi", method: "PUT", path: "/vmrest/usersettings" })).toBe(false);
    expect(allowed(operator, { service: "cupi", method: "DELETE", path: "/vmrest/users/abc" })).toBe(false);
    expect(allowed(admin, { service: "cupi", method: "DELETE", path: "/vmrest/users/abc" })).toBe(true);
  });

  test("the shipped operator cannot change a user's password or PIN through CUPI", () => {
    for (const [method, path] of [
      ["PUT", "/vmrest/users/abc/credential/password"],
      ["PUT", "/vmrest/users/abc/credential/pin"],
      ["PUT", "/vmrest/users/abc/Credential/Password"],
      ["PUT", "/vmrest/users/abc/credential"],
      ["POST", "/vmrest/users/abc/credential/password"],
      ["PUT", "/vmrest/users/abc/%63redential/password"],
    ] as const)
      expect(allowed(operator, { service: "cupi", method, path })).toBe(false);
    expect(allowed(operator, { service: "cupi", method: "PUT", path: "/vmrest/users/abc" })).toBe(true);
    expect(allowed(operator, { service: "cupi", method: "PUT", path: "/vmrest/users/abc/credentialsx" })).toBe(true);
    expect(allowed(admin, { service: "cupi", method: "PUT", path: "/vmrest/users/abc/credential/password" })).toBe(
      true,
    );
  });

  test("traversal, encodings, double slashes, query smuggling and case tricks are denied", () => {
    for (const [method, path] of [
      ["PUT", "/vmrest/users/../handlers/x"],
      ["PUT", "/vmrest/users/%2e%2e/handlers/x"],
      ["PUT", "/vmrest/users/%252e%252e/x"],
      ["PUT", "/vmrest/users/..%2Fhandlers"],
      ["PUT", "/vmrest/users//x"],
      ["PUT", "/vmrest/users?x=/vmrest/users"],
      ["PUT", "/vmrest/users#frag"],
      ["PUT", "/vmrest/users\\..\\x"],
      ["PUT", "/vmrest/users/\nx"],
      ["put", "/vmrest/users/abc"],
      ["GET", "vmrest/users"],
      ["GET", "/VMREST/users"],
    ] as const) {
      expect(allowed(operator, { service: "cupi", method, path })).toBe(false);
    }
  });
});

describe("scope, RIS and phone", () => {
  test("product scope is enforced", () => {
    const parsed = parseProfileText(
      JSON.stringify({ product_scope: ["cucm"], imp: { axl: { rate_limit: 5, allowed_prefixes: ["get"] } } }),
      true,
    );
    if (!parsed.ok) throw new Error("bad");
    expect(allowed(parsed.profile, { service: "axl", product: "imp", operation: "getUser" })).toBe(false);
    expect(allowed(admin, { service: "product", product: "cuc" })).toBe(true);
  });

  test("RIS filters are exposed as docs/profiles.md defines them (absent = no filter)", () => {
    expect(risFilters(operator)).toEqual({ deviceClasses: ["Phone"], statuses: undefined });
    expect(risFilters(admin)).toEqual({ deviceClasses: undefined, statuses: undefined });
    expect(allowed(auditor, { service: "phone" })).toBe(true);
  });
});
