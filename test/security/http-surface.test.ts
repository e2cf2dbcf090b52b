/**
 * The HTTP surface of the compiled binary: a request without Host (HTTP/1.0 allows it) gets a
 * 400, not a 500; TLS 1.2 offers only ECDHE key exchange with AEAD ciphers (probed with openssl
 * s_client, one suite at a time); an authenticated client that stalls its request body is
 * answered 408 and cut off instead of holding the connection forever.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connect } from "node:tls";
import { type BinaryServer, startBinaryServer } from "../support/binary-server.ts";

let server: BinaryServer;
beforeAll(async () => {
  server = await startBinaryServer({ AUTH_MODE: "jwt", AUTH_CLIENTS: "alice:sub-alice:admin" });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

/** Sends raw bytes over TLS (trusting the server) and collects what comes back until close or `ms`. */
function raw(send: (write: (s: string) => void) => void, ms: number): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let text = "";
    const socket = connect({ host: "127.0.0.1", port: server.port, ca: server.ca }, () => send((s) => socket.write(s)));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedAfterMs: -1 });
    }, ms);
    socket.on("data", (d) => {
      text += d.toString();
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
    socket.on("error", reject);
  });
}

test("HTTP/1.0 without a Host header gets 400, and the server stays up", async () => {
  const r = await raw((w) => w("GET /health HTTP/1.0\r\n\r\n"), 10_000);
  expect(r.text).toMatch(/^HTTP\/1\.[01] 400/);
  expect(r.text).toContain("Host");
  expect((await server.fetch(`${server.issuer}/health`)).status).toBe(200);
});

test("TLS 1.2: only ECDHE with AEAD; CBC-SHA1 and static-RSA suites are refused", () => {
  const probe = (cipher: string) => {
    const run = Bun.spawnSync(
      ["openssl", "s_client", "-connect", `127.0.0.1:${server.port}`, "-tls1_2", "-cipher", cipher],
      { stdin: Buffer.from(""), stdout: "pipe", stderr: "pipe", timeout: 15_000 },
    );
    const agreed = /Cipher is (\S+)/.exec(`${run.stdout}`)?.[1];
    return agreed === "(NONE)" ? undefined : agreed;
  };
  for (const refused of ["AES128-SHA", "AES256-SHA", "AES128-GCM-SHA256", "AES256-GCM-SHA384", "ECDHE-RSA-AES128-SHA"])
    expect([refused, probe(refused)]).toEqual([refused, undefined]);
  for (const accepted of ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305"])
    expect(probe(accepted)).toBe(accepted);
}, 60_000);

test("an authenticated client that stalls its body gets 408 and the connection closes", async () => {
  const token = server.read("alice", ".token");
  const r = await raw((w) => {
    w(
      "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" +
        `${server.port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
        "Accept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n" +
        '{"jsonrpc":"2.0","id":1,',
    );
  }, 60_000);
  expect(r.text).toMatch(/^HTTP\/1\.1 408/);
  expect(r.closedAfterMs).toBeGreaterThan(15_000);
  expect(r.closedAfterMs).toBeLessThan(45_000);
}, 70_000);
