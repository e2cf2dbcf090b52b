import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client } from "ssh2";
import { type FakeVos, startFakeVos } from "../../../test/support/fake-vos-server.ts";
import type { ProtocolError } from "../errors.ts";
import { classifyTail, commandOutput, stripTerminal } from "./clean.ts";
import { type KnownHostsStore, sshFingerprint } from "./host-keys.ts";
import { createVosPool } from "./pool.ts";
import type { VosTarget } from "./session.ts";

const HOST = `127.${20 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
let vos: FakeVos;
const trusted = new Map<string, string>();
const store: KnownHostsStore = { trusted: (h, p) => trusted.get(`${h}:${p}`) };
const target = (): VosTarget => ({
  host: HOST,
  port: vos.port,
  username: "osadmin",
  password: "Os-Pass-9",
  term: "dumb",
  cols: 220,
  rows: 50,
  timeoutMs: 5000,
});

beforeAll(async () => {
  vos = await startFakeVos({ host: HOST, username: "osadmin", password: "Os-Pass-9" });
});
afterAll(() => vos.close());

describe("output cleaning", () => {
  test("strips ANSI and CRs, drops echo, pagers and the prompt", () => {
    const raw =
      "show status\r\n\x1b[1mHost Name : pub\x1b[0m\r\nPress <enter> for 1 line, <space> for one page, or <q> to quit\r\x1b[KUptime: 1 day\r\n\r\n\x1b[Kadmin:";
    expect(commandOutput(raw, "show status")).toBe("Host Name : pub\nUptime: 1 day");
    expect(classifyTail(stripTerminal("x\r\nadmin:"))).toBe("prompt");
    expect(
      classifyTail(
        stripTerminal("a\r\n\x1b[1mPress <enter> for 1 line, <space> for one page, or <q> to quit\x1b[0m\x1b[K"),
      ),
    ).toBe("press-enter");
    expect(classifyTail("line\n-- More --")).toBe("more");
    expect(classifyTail("Continue (y/n)?")).toBe("y-n");
    expect(classifyTail("Do you really want to restart ?\n\nEnter (yes/no)? ")).toBe("yes-no");
    expect(classifyTail("options: q=quit, n=next, p=prev, b=begin, e=end (lines 1 - 20 of 207554) : ")).toBe(
      "file-view",
    );
    expect(classifyTail("admin: is a word in a sentence")).toBe("none");
  });
});

describe("VOS CLI over SSH", () => {
  test("an unknown host key is refused with its SHA256 fingerprint; nothing runs", async () => {
    const pool = createVosPool({ connect: () => new Client(), knownHosts: store });
    const err = (await pool.run(target(), "show myself").catch((e) => e)) as ProtocolError;
    expect(err.code).toBe("UNTRUSTED_HOST_KEY");
    expect(err.details.fingerprint).toBe(sshFingerprint(vos.keyBlob()));
    expect(err.message).toContain("SHA256:");
    expect(vos.commands).toEqual([]);
    pool.closeAll();
  });

  test("a trusted key runs commands: pagination off, output cleaned, session reused", async () => {
    trusted.set(`${HOST}:${vos.port}`, sshFingerprint(vos.keyBlob()));
    const pool = createVosPool({ connect: () => new Client(), knownHosts: store });
    const logins = vos.logins;
    const me = await pool.run(target(), "show myself");
    expect(me.output).toBe("Machine Name    : cucm-pub\naccount name    : osadmin\nprivilege level : 4");
    const hw = await pool.run(target(), "show hardware");
    expect(hw.output.split("\n")).toHaveLength(5);
    expect(hw.answered).toEqual([]);
    expect(vos.logins - logins).toBe(1);
    expect(vos.commands.slice(-3)).toEqual(["set cli pagination off", "show myself", "show hardware"]);
    const view = await pool.run(target(), "file view activelog x.log");
    expect(view.output).toContain("line 3");
    expect(view.answered).toEqual(["file-view"]);
    const asked = await pool.run(target(), "utils core active analyze");
    expect(asked.output).toContain("Cancelled");
    expect(asked.question).toBe("This command may take a long time Continue (y/n)?");
    expect(asked.answered).toEqual(["y-n"]);
    const yes = await pool.run(target(), "utils core active analyze", { confirm: true });
    expect(yes.output).toContain("Analysis done");
    expect(yes.question).toBeUndefined();
    pool.closeAll();
  });

  test("wrong credentials are an auth error, even while a good session is open", async () => {
    const pool = createVosPool({ connect: () => new Client(), knownHosts: store });
    await pool.run(target(), "show myself");
    const err = (await pool.run({ ...target(), password: "nope" }, "show myself").catch((e) => e)) as ProtocolError;
    expect(err.code).toBe("UPSTREAM_AUTH");
    expect(err.message).not.toContain("nope");
    pool.closeAll();
  });

  test("a changed host key is refused loudly with a distinct error", async () => {
    const old = sshFingerprint(vos.keyBlob());
    trusted.set(`${HOST}:${vos.port}`, old);
    vos.rotateKey();
    const pool = createVosPool({ connect: () => new Client(), knownHosts: store });
    const err = (await pool.run(target(), "show myself").catch((e) => e)) as ProtocolError;
    expect(err.code).toBe("HOST_KEY_CHANGED");
    expect(err.details).toMatchObject({ pinned: old, fingerprint: sshFingerprint(vos.keyBlob()) });
    expect(err.message).toContain("CHANGED");
    pool.closeAll();
  });
});

test("keyboard-interactive only nodes and the pager when pagination stays on", async () => {
  const host = `127.${20 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
  const kb = await startFakeVos({
    host,
    username: "osadmin",
    password: "Os-Pass-9",
    keyboardOnly: true,
    ignorePaginationOff: true,
  });
  try {
    const fp = sshFingerprint(kb.keyBlob());
    const pool = createVosPool({ connect: () => new Client(), knownHosts: { trusted: () => fp } });
    const t = {
      host,
      port: kb.port,
      username: "osadmin",
      password: "Os-Pass-9",
      term: "dumb",
      cols: 80,
      rows: 24,
      timeoutMs: 5000,
    };
    const res = await pool.run(t, "show myself");
    expect(res.output).toContain("privilege level : 4");
    const hw = await pool.run(t, "show hardware");
    expect(hw.answered).toEqual(["press-enter", "press-enter"]);
    expect(hw.output.split("\n")).toEqual([
      "HW Platform       : VMware Virtual Machine",
      "Processors        : 2",
      "Type              : Intel(R) Xeon(R)",
      "Memory            : 6144 MBytes",
      "Object ID         : 1.3.6.1.4.1.9.1.1348",
    ]);
    pool.closeAll();
  } finally {
    await kb.close();
  }
});

test("a shell that stays silent after login gets one Enter and then answers", async () => {
  const host = `127.${20 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
  const quiet = await startFakeVos({ host, username: "osadmin", password: "Os-Pass-9", silentUntilEnter: true });
  try {
    const fp = sshFingerprint(quiet.keyBlob());
    const pool = createVosPool({ connect: () => new Client(), knownHosts: { trusted: () => fp } });
    const t = {
      host,
      port: quiet.port,
      username: "osadmin",
      password: "Os-Pass-9",
      term: "dumb",
      cols: 80,
      rows: 24,
      timeoutMs: 5000,
      loginNudgeMs: 50,
    };
    expect((await pool.run(t, "show myself")).output).toContain("account name    : osadmin");
    pool.closeAll();
  } finally {
    await quiet.close();
  }
});
