import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "ssh2";
import { labNodes, randomLoopback, testKnobs } from "../../../test/support/lab-fixtures.ts";
import { VOS_PROMPT } from "./cli-session.ts";
import { startVosSshServer, type VosSshServer } from "./server.ts";

const CREDS = { username: "osadmin", password: "Os-lab-pass-7" };
const dir = mkdtempSync(join(tmpdir(), "vos-ssh-"));
const ip = randomLoopback();
const servers: VosSshServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(keyName = "cucm-pub.key") {
  const node = { ...labNodes()[0]!, ip, sshPort: 0 };
  const server = await startVosSshServer({
    node,
    hostKeyPath: join(dir, keyName),
    credentials: CREDS,
    knobs: testKnobs(),
    version: "15.0.1.10000-32",
  });
  servers.push(server);
  return server;
}

function fingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").split("=")[0]}`;
}

interface Connected {
  client: Client;
  hostKey: string;
}

function connect(
  port: number,
  opts: { username?: string; password?: string; keyboard?: boolean } = {},
): Promise<Connected> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostKey = "";
    client.on("ready", () => resolve({ client, hostKey }));
    client.on("error", reject);
    client.on("keyboard-interactive", (_n, _i, _l, prompts, finish) =>
      finish(prompts.map(() => opts.password ?? CREDS.password)),
    );
    client.connect({
      host: ip,
      port,
      username: opts.username ?? CREDS.username,
      ...(opts.keyboard ? { tryKeyboard: true } : { password: opts.password ?? CREDS.password }),
      hostVerifier: (key: Buffer) => {
        hostKey = fingerprint(key);
        return true;
      },
      readyTimeout: 10_000,
    });
  });
}

/** Opens a shell and returns helpers to wait for text. */
function shell(
  client: Client,
  rows = 24,
): Promise<{ send(s: string): void; until(text: string): Promise<string>; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    client.shell({ rows, cols: 120, term: "vt100" }, (error, stream) => {
      if (error) return reject(error);
      let buffer = "";
      const waiters: Array<() => void> = [];
      stream.on("data", (d: Buffer) => {
        buffer += d.toString("utf8");
        for (const w of waiters.splice(0)) w();
      });
      const ended = new Promise<void>((r) => stream.on("close", () => r()));
      resolve({
        send: (s) => stream.write(s),
        until(text) {
          return new Promise((done, fail) => {
            const timer = setTimeout(
              () =>
                fail(
                  new Error(`timed out waiting for ${JSON.stringify(text)}; got ${JSON.stringify(buffer.slice(-300))}`),
                ),
              5000,
            );
            const check = () => {
              const at = buffer.indexOf(text);
              if (at >= 0) {
                clearTimeout(timer);
                const seen = buffer.slice(0, at + text.length);
                buffer = buffer.slice(at + text.length);
                done(seen);
              } else waiters.push(check);
            };
            check();
          });
        },
        ended,
      });
    });
  });
}

describe("VOS SSH server", () => {
  test("password login, banner, admin: prompt, paging, pagination off, (y/n)", async () => {
    const server = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(statSync(join(dir, "cucm-pub.key")).mode & 0o777).toBe(0o600);
    const { client, hostKey } = await connect(server.port);
    expect(hostKey).toBe(server.fingerprint());
    const sh = await shell(client, 12);
    const banner = await sh.until(`\r\n${VOS_PROMPT}`);
    expect(banner).toContain("Welcome to the Platform Command Line Interface");
    sh.send("utils service list\r");
    await sh.until("Press <enter> for 1 line, <space> for one page, or <q> to quit");
    sh.send("q");
    await sh.until(VOS_PROMPT);
    sh.send("set cli pagination off\r");
    await sh.until(`Automatic pagination is turned off\r\n${VOS_PROMPT}`);
    sh.send("utils service list\r");
    const list = await sh.until(`Primary Node =true\r\n${VOS_PROMPT}`);
    expect(list).not.toContain("Press <enter>");
    sh.send("utils core active analyze\r");
    await sh.until("(y/n)?");
    sh.send("y\r");
    await sh.until(VOS_PROMPT);
    sh.send("exit\r");
    await sh.ended;
    client.end();
  });

  test("keyboard-interactive login gets admin: (not the account name); a wrong password or user is refused", async () => {
    const server = await start();
    const { client } = await connect(server.port, { keyboard: true });
    const sh = await shell(client);
    await sh.until(`\r\n${VOS_PROMPT}`);
    client.end();
    await expect(connect(server.port, { password: "wrong" })).rejects.toThrow();
    await expect(connect(server.port, { username: "ucadmin" })).rejects.toThrow();
  });

  test("exec channel is refused", async () => {
    const server = await start();
    const { client } = await connect(server.port);
    const error = await new Promise<Error | undefined>((resolve) =>
      client.exec("show version active", (e) => resolve(e)),
    );
    expect(error).toBeInstanceOf(Error);
    client.end();
  });

  test("host key persists across restarts and a replaced key shows a new fingerprint", async () => {
    const first = await start("persist.key");
    const before = first.fingerprint();
    expect(before).toStartWith("SHA256:");
    await first.close();
    const second = await start("persist.key");
    expect(second.fingerprint()).toBe(before);
    const { client: c1, hostKey: k1 } = await connect(second.port);
    expect(k1).toBe(before);
    const after = await second.replaceHostKey();
    expect(after).not.toBe(before);
    expect(second.fingerprint()).toBe(after);
    const { client: c2, hostKey: k2 } = await connect(second.port);
    expect(k2).toBe(after);
    c1.end();
    c2.end();
    const third = await start("persist.key");
    expect(third.fingerprint()).toBe(after);
  });
});
