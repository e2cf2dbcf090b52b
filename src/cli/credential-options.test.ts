import { describe, expect, test } from "bun:test";
import { parseArgs } from "./args.ts";
import { parseTarget, parseUsername, requireClient } from "./credential-options.ts";

const spec = ["client", "product", "kind", "host", "port", "username"].map((name) => ({ name, help: "" }));
const args = (line: string) => parseArgs(line.split(" ").filter(Boolean), spec);
const config = { AUTH_CLIENTS: [{ name: "reader", subject: "s", profile: "auditor" }] };

describe("credentials command options", () => {
  test("a full target is normalised (host lower-case, port a number)", () => {
    expect(parseTarget(args("--product cucm --kind os --host CUCM-Pub.lab --port 2222"), "set")).toEqual({
      product: "cucm",
      kind: "os",
      host: "cucm-pub.lab",
      port: 2222,
    });
  });

  test("each bad value is named with what is allowed, once", () => {
    const bad = (line: string) => () => parseTarget(args(line), "set");
    expect(bad("--product cucx --kind axl --host h")).toThrow(
      '--product "cucx" is not a product (allowed: cucm / imp / cuc)',
    );
    expect(bad("--product cuc --kind axl --host h")).toThrow(
      '--kind "axl" is not a cuc credential kind (allowed: cupi / os)',
    );
    expect(bad("--product imp --kind os --host a;b")).toThrow('--host "a;b" is not a host name or IP address');
    expect(bad("--product imp --kind os --host h --port 70000")).toThrow(
      '--port "70000" is not a port (allowed: 1-65535)',
    );
    expect(bad("--kind os --host h")).toThrow("credentials set needs --product (cucm / imp / cuc)");
    expect(bad("--product cucm --host h")).toThrow("credentials set needs --kind (axl / os / phone)");
  });

  test("the client must be declared; the error lists the declared ones", () => {
    expect(requireClient(config, "reader")).toBe("reader");
    expect(() => requireClient(config, "mallory")).toThrow(
      '--client "mallory" is not in AUTH_CLIENTS (one of: reader)',
    );
    expect(() => requireClient(config, undefined)).toThrow("--client is required (one of: reader)");
  });

  test("a user name is optional but never blank", () => {
    expect(parseUsername(args(""))).toBeUndefined();
    expect(parseUsername(args("--username axladmin"))).toBe("axladmin");
    expect(() => parseUsername(args(`--username ${"u".repeat(129)}`))).toThrow("must be 1-128 characters");
  });
});
