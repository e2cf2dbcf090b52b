/**
 * The real OpenSSH client reaches the lab's VOS CLI prompt: password supplied through
 * SSH_ASKPASS (no sshpass on this machine), a forced pty, then `show version active` and
 * `exit`. Proves the ssh2 server speaks SSH the way a stock client expects.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startVosSshServer, type VosSshServer } from "../../src/lab/vos-ssh/server.ts";
import { IN_CI, labNodes, randomLoopback, testKnobs } from "../support/lab-fixtures.ts";

const SSH = "/usr/bin/ssh";
const CREDS = { username: "osadmin", password: "Os-lab-pass-7" };

describe.skipIf(!existsSync(SSH) && !IN_CI)("OpenSSH client against the lab VOS CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "vos-openssh-"));
  const ip = randomLoopback();
  let server: VosSshServer;

  beforeAll(async () => {
    server = await startVosSshServer({
      node: { ...labNodes()[2]!, ip, sshPort: 0 },
      hostKeyPath: join(dir, "host.key"),
      credentials: CREDS,
      knobs: testKnobs(),
      version: "15.0.1.10000-4",
    });
    const askpass = join(dir, "askpass.sh");
    writeFileSync(askpass, `#!/bin/sh\nprintf '%s\\n' '${CREDS.password}'\n`);
    chmodSync(askpass, 0o700);
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("ssh gets the banner and the admin: prompt, runs a command, exits", async () => {
    expect(existsSync(SSH)).toBe(true);
    const args = [
      "-tt",
      "-o",
      "StrictHostKeyChecking=no",
      "-o",
      "UserKnownHostsFile=/dev/null",
      "-o",
      "LogLevel=ERROR",
    ];
    args.push("-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1", "-p", String(server.port));
    const ssh = Bun.spawn([SSH, ...args, `${CREDS.username}@${ip}`], {
      env: {
        PATH: "/usr/bin:/bin",
        HOME: dir,
        SSH_ASKPASS: join(dir, "askpass.sh"),
        SSH_ASKPASS_REQUIRE: "force",
        DISPLAY: ":0",
      },
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
    });
    let seen = "";
    const reader = ssh.stdout.getReader();
    const waitFor = async (text: string) => {
      const deadline = Date.now() + 15_000;
      while (!seen.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(text)} in ${JSON.stringify(seen.slice(-400))}`);
        const { value, done } = await reader.read();
        if (done) throw new Error(`ssh ended before ${JSON.stringify(text)}: ${JSON.stringify(seen.slice(-400))}`);
        seen += new TextDecoder().decode(value);
      }
    };
    await waitFor("admin:");
    expect(seen).toContain("Welcome to the Platform Command Line Interface");
    ssh.stdin.write("show version active\r");
    await waitFor("Active Master Version: 15.0.1.10000-4");
    ssh.stdin.write("exit\r");
    await ssh.stdin.end();
    const code = await ssh.exited;
    expect(code).toBe(0);
  }, 30_000);

  test("the reported fingerprint is the one ssh-keygen computes from the persisted key", () => {
    const run = Bun.spawnSync(["/usr/bin/ssh-keygen", "-l", "-f", join(dir, "host.key")]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.toString().split(" ")[1]).toBe(server.fingerprint());
  });
});
