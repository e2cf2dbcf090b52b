import { describe, expect, test } from "bun:test";
import { builtInProfile, contextFixture } from "../../../test/support/tool-context.ts";
import { ProtocolError } from "../../protocols/errors.ts";
import type { Profile } from "../../rbac/profile-schema.ts";
import type { UcDeps } from "../uc/deps.ts";
import { createClusterRoleReader, parseNetworkCluster } from "./cluster-roles.ts";

describe("parseNetworkCluster", () => {
  test("a capture-shaped output with a prompt, odd spacing, mixed case and junk lines", () => {
    const output = [
      "admin:show network cluster",
      "192.0.2.10 CM-PUB.example.net CM-PUB Publisher callmanager DBPub authenticated",
      "192.0.2.11  cm-sub.example.net  cm-sub  Subscriber  callmanager  DBSub  authenticated using TCP since Mon Jul 1 13:44:09 2019",
      "192.0.2.20 imp2.example.net imp2 Subscriber cups DBSub authenticated using TCP since Mon Jul 1 13:45:10 2019",
      "999.0.2.12 bad.example.net bad Subscriber callmanager DBSub authenticated",
      "192.0.2.13 odd.example.net odd Secondary callmanager DBSub authenticated",
      "192.0.2.14 other.example.net other Subscriber mediaserver DBSub authenticated",
      "",
      "Server Table (processnode) Entries",
      "----------------------------------",
      "192.0.2.99 ghost.example.net ghost Subscriber callmanager DBSub authenticated",
      "CM-PUB.example.net",
      "",
      "admin:",
    ].join("\r\n");
    expect(parseNetworkCluster(output)).toEqual([
      { ip: "192.0.2.10", fqdn: "cm-pub.example.net", hostname: "cm-pub", product: "cucm", publisher: true },
      { ip: "192.0.2.11", fqdn: "cm-sub.example.net", hostname: "cm-sub", product: "cucm", publisher: false },
      { ip: "192.0.2.20", fqdn: "imp2.example.net", hostname: "imp2", product: "imp", publisher: false },
    ]);
    expect(parseNetworkCluster("Executed command unsuccessfully\n")).toEqual([]);
  });
});

describe("createClusterRoleReader", () => {
  const ANSWER = "192.0.2.10 cm-pub.example.net cm-pub Publisher callmanager DBPub authenticated\n";

  /** A reader over a scripted VOS pool; `runs` records every command sent. */
  function setup(profile: Profile, answer: () => Promise<string> = async () => ANSWER) {
    let now = 1_000_000;
    const runs: string[] = [];
    const uc = {
      product: "cucm",
      settings: { sshPort: 22, sshTimeoutMs: 5000, terminal: { term: "vt100", cols: 80, rows: 24 } },
      ssh: {
        run: async (target: { host: string }, command: string) => {
          runs.push(`${target.host}: ${command}`);
          return { output: await answer(), truncated: false, answered: [] };
        },
      },
    } as unknown as UcDeps;
    const reader = createClusterRoleReader({ products: [uc], now: () => now });
    const fixture = contextFixture(profile);
    fixture.vault.put("cucm", "os", "192.0.2.10", { username: "os-admin", password: "pw" });
    return { reader, fixture, runs, advance: (ms: number) => (now += ms) };
  }

  test("one SSH call per client and host for 10 minutes", async () => {
    const { reader, fixture, runs, advance } = setup(await builtInProfile("operator"));
    const ctx = fixture.context();
    expect((await reader.read(ctx, "cucm", "192.0.2.10"))?.[0]?.publisher).toBe(true);
    advance(9 * 60_000);
    expect(await reader.read(ctx, "cucm", "192.0.2.10")).toHaveLength(1);
    expect(runs).toEqual(["192.0.2.10: show network cluster"]);
    advance(2 * 60_000);
    await reader.read(ctx, "cucm", "192.0.2.10");
    expect(runs).toHaveLength(2);
    expect(fixture.events.filter((e) => e.event === "cluster.read")).toHaveLength(2);
  });

  test("no SSH call without an OS credential, an allowed command, an allowed tool or a rate-limit slot", async () => {
    const operator = await builtInProfile("operator");
    const noShow = { ...operator, cucm: { ...operator.cucm, ssh: { rate_limit: 5, allowed_prefixes: ["utils"] } } };
    const denied = { ...operator, tools: { ...operator.tools, deny: ["cucm_os_run_*"] } };
    for (const profile of [noShow, denied] as Profile[]) {
      const { reader, fixture, runs } = setup(profile);
      expect(await reader.read(fixture.context(), "cucm", "192.0.2.10")).toBeUndefined();
      expect(runs).toEqual([]);
    }
    const { reader, fixture, runs } = setup(operator);
    expect(await reader.read(fixture.context(), "cucm", "192.0.2.77")).toBeUndefined();
    expect(await reader.read({ ...fixture.context(), takeBudget: () => false }, "cucm", "192.0.2.10")).toBeUndefined();
    expect(runs).toEqual([]);
  });

  test("a failure is no cluster data, audited with its code and retried after a minute", async () => {
    let fail = true;
    const { reader, fixture, runs, advance } = setup(await builtInProfile("operator"), async () => {
      if (fail) throw new ProtocolError("UNTRUSTED_HOST_KEY", "not trusted", "trust it", { fingerprint: "SHA256:x" });
      return ANSWER;
    });
    const ctx = fixture.context();
    expect(await reader.read(ctx, "cucm", "192.0.2.10")).toBeUndefined();
    expect(fixture.events.map((e) => [e.event, e.outcome ?? e.reason])).toEqual([
      ["fingerprint.rejected", "untrusted"],
      ["cluster.read", "UNTRUSTED_HOST_KEY"],
    ]);
    fail = false;
    expect(await reader.read(ctx, "cucm", "192.0.2.10")).toBeUndefined();
    advance(61_000);
    expect(await reader.read(ctx, "cucm", "192.0.2.10")).toHaveLength(1);
    expect(runs).toHaveLength(2);
  });
});
