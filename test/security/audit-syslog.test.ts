/**
 * Audit lines shipped off the box, against the compiled binary: a syslog-over-TLS receiver started
 * by the test (node:tls with a throwaway CA, reading RFC 5425 octet-counted frames) receives each
 * audit event as an RFC 5424 message (facility authpriv, MSGID = the event, the JSON line as the
 * message), the same lines as audit.log.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type Server } from "node:tls";
import { type BinaryServer, mcpStatus, startBinaryServer } from "../support/binary-server.ts";
import { throwawayTls } from "../support/lab-fixtures.ts";

const tls = throwawayTls(["127.0.0.1"]);
const dir = mkdtempSync(join(tmpdir(), "syslog-ca-"));
const caFile = join(dir, "ca.pem");
writeFileSync(caFile, tls.caPem);

/** Every complete RFC 5425 frame received, as its message text. */
const messages: string[] = [];
let receiver: Server;
function startReceiver(port = 0): Promise<number> {
  receiver = createServer({ cert: tls.certPem, key: tls.keyPem }, (socket) => {
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk as Buffer]);
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space < 0) break;
        const length = Number(buffer.subarray(0, space).toString("ascii"));
        if (!Number.isInteger(length) || length <= 0) {
          messages.push(`BAD FRAME: ${buffer.subarray(0, 40).toString()}`);
          return;
        }
        if (buffer.length < space + 1 + length) break;
        messages.push(buffer.subarray(space + 1, space + 1 + length).toString("utf8"));
        buffer = buffer.subarray(space + 1 + length);
      }
    });
  });
  return new Promise((resolve) =>
    receiver.listen(port, "127.0.0.1", () => resolve((receiver.address() as AddressInfo).port)),
  );
}

let server: BinaryServer;
let port: number;
beforeAll(async () => {
  port = await startReceiver();
  server = await startBinaryServer({
    AUTH_MODE: "jwt",
    AUTH_CLIENTS: "alice:sub-alice:admin",
    LOGGING_AUDIT_SYSLOG_HOST: "127.0.0.1",
    LOGGING_AUDIT_SYSLOG_PORT: String(port),
    LOGGING_AUDIT_SYSLOG_CA_FILE: caFile,
  });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await Bun.sleep(100);
}

test("each audit event arrives as an RFC 5424 message over TLS, the same JSON as audit.log", async () => {
  await until(() => messages.some((m) => m.includes('"server.started"')), 15_000);
  const started = messages.find((m) => m.includes('"server.started"')) as string;
  expect(started).toMatch(/^<86>1 \d{4}-\d\d-\d\dT\S+Z \S+ ai-bridge \d+ server\.started - \{/);
  const json = JSON.parse(started.slice(started.indexOf(" - ") + 3));
  const onDisk = server.audit().find((e) => e.event === "server.started");
  expect(json).toEqual(onDisk as Record<string, unknown>);
  // A failed authentication is an audit event too.
  expect(await mcpStatus(server, "not-a-token")).toBe(401);
  await until(() => messages.some((m) => m.includes("auth.failure")), 10_000);
  expect(messages.some((m) => / auth\.failure - /.test(m))).toBe(true);
  expect(messages.filter((m) => m.startsWith("BAD FRAME"))).toEqual([]);
  expect((await server.fetch(`${server.issuer}/health`)).status).toBe(200);
}, 60_000);

test("an unreadable LOGGING_AUDIT_SYSLOG_CA_FILE stops the start with the key named", async () => {
  const error = await server
    .restart({ LOGGING_AUDIT_SYSLOG_CA_FILE: join(dir, "missing.pem") })
    .then(() => undefined)
    .catch((e: Error) => e);
  expect(String(error?.message)).toContain("LOGGING_AUDIT_SYSLOG_CA_FILE");
  expect(String(error?.message)).toContain("ENOENT");
  await server.restart({ LOGGING_AUDIT_SYSLOG_CA_FILE: caFile });
  expect((await server.fetch(`${server.issuer}/health`)).status).toBe(200);
}, 120_000);
