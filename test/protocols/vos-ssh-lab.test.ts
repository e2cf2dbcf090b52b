/**
 * The VOS CLI client against the lab's SSH server: unknown key refused with the fingerprint the
 * lab reports, commands after trusting it, and a changed key (lab host-key knob) refused loudly.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Client } from "ssh2";
import type { LabHandle } from "../../src/lab/cluster.ts";
import type { LabNode } from "../../src/lab/contracts.ts";
import type { ProtocolError } from "../../src/protocols/errors.ts";
import { createVosPool } from "../../src/protocols/vos-ssh/pool.ts";
import type { VosTarget } from "../../src/protocols/vos-ssh/session.ts";
import { startTestLab } from "../support/lab-harness.ts";

let lab: LabHandle;
let cleanup: () => Promise<void>;
let node: LabNode;
const trusted = new Map<string, string>();

beforeAll(async () => {
  ({ lab, cleanup } = await startTestLab());
  node = lab.nodes.find((n) => n.name === "cucm-pub")!;
});
afterAll(() => cleanup());

const target = (): VosTarget => ({
  host: node.ip,
  port: node.sshPort,
  username: lab.credentials.os.username,
  password: lab.credentials.os.password,
  term: "dumb",
  cols: 220,
  rows: 50,
  timeoutMs: 30_000,
});
const pool = () =>
  createVosPool({ connect: () => new Client(), knownHosts: { trusted: (h, p) => trusted.get(`${h}:${p}`) } });

test("unknown key refused, then commands run once trusted, changed key refused", async () => {
  const p1 = pool();
  const unknown = (await p1.run(target(), "show version active").catch((e) => e)) as ProtocolError;
  expect(unknown.code).toBe("UNTRUSTED_HOST_KEY");
  const fp = String(unknown.details.fingerprint);
  const reported = lab.summary.nodes.find((n) => n.name === "cucm-pub")?.ssh.fingerprint;
  if (reported) expect(fp).toBe(reported);

  trusted.set(`${node.ip}:${node.sshPort}`, fp);
  const p2 = pool();
  const version = await p2.run(target(), "show version active");
  expect(version.output).toContain("Active Master Version:");
  expect(version.output).not.toContain("admin:");
  const status = await p2.run(target(), "show status");
  expect(status.output).toContain("Host Name");
  p2.closeAll();

  await lab.replaceHostKey("cucm-pub");
  const p3 = pool();
  const changed = (await p3.run(target(), "show version active").catch((e) => e)) as ProtocolError;
  expect(changed.code).toBe("HOST_KEY_CHANGED");
  expect(changed.details["pinned"]).toBe(fp);
}, 90_000);
