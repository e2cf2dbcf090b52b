import { describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { Hono } from "hono";
import { ensureApplianceCa } from "../tls/appliance-ca.ts";
import { ensureServerCertificate } from "../tls/certificate.ts";
import { sansFor } from "../tls/san.ts";
import type { App } from "./app.ts";
import { PortInUseError, startHttpsServer } from "./server.ts";

function certificate(dir: string, name: string) {
  return ensureServerCertificate({
    certPath: join(dir, `${name}.crt`),
    keyPath: join(dir, `${name}.key`),
    ca: ensureApplianceCa({ certPath: join(dir, "ca.crt"), keyPath: join(dir, "ca.key"), label: "test" }),
    sans: sansFor(["127.0.0.1:*"]),
    commonName: name,
  });
}

function peerCommonName(port: number, ca: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, ca }, () => {
      const pem = socket.getPeerX509Certificate?.();
      resolve(pem ? new X509Certificate(pem.raw).subject : "");
      socket.end();
    });
    socket.on("error", reject);
  });
}

describe("HTTPS listener", () => {
  test("a renewed certificate is served to new connections while in-flight requests finish", async () => {
    const dir = mkdtempSync(join(tmpdir(), "srv-"));
    const first = certificate(dir, "first");
    const second = certificate(dir, "second");
    let release: () => void = () => {};
    const app = new Hono() as unknown as App;
    app.get("/slow", async (c) => {
      await new Promise<void>((r) => {
        release = r;
      });
      return c.text("finished");
    });
    app.get("/fast", (c) => c.text("fast"));
    const server = startHttpsServer({ app, hostname: "127.0.0.1", port: 0, tls: first });
    try {
      const ca = [first.certPem, second.certPem];
      expect(await peerCommonName(server.port, ca)).toContain("CN=first");
      const slow = fetch(`https://127.0.0.1:${server.port}/slow`, { tls: { ca: first.certPem } }).then((r) => r.text());
      await Bun.sleep(100);
      server.replaceCertificate(second);
      expect(await peerCommonName(server.port, ca)).toContain("CN=second");
      release();
      expect(await slow).toBe("finished");
      const fast = await fetch(`https://127.0.0.1:${server.port}/fast`, { tls: { ca: second.certPem } });
      expect(await fast.text()).toBe("fast");
    } finally {
      await server.stop(1000);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a port another listener holds is refused instead of silently shared", async () => {
    const dir = mkdtempSync(join(tmpdir(), "srv-"));
    const cert = certificate(dir, "only");
    const app = new Hono() as unknown as App;
    const first = startHttpsServer({ app, hostname: "127.0.0.1", port: 0, tls: cert });
    try {
      expect(() => startHttpsServer({ app, hostname: "127.0.0.1", port: first.port, tls: cert })).toThrow(
        PortInUseError,
      );
    } finally {
      await first.stop(1000);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("stop() waits for an in-flight request before closing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "srv-"));
    const cert = certificate(dir, "only");
    const app = new Hono() as unknown as App;
    app.get("/work", async (c) => {
      await Bun.sleep(300);
      return c.text("done");
    });
    const server = startHttpsServer({ app, hostname: "127.0.0.1", port: 0, tls: cert });
    try {
      const pending = fetch(`https://127.0.0.1:${server.port}/work`, { tls: { ca: cert.certPem } }).then((r) =>
        r.text(),
      );
      await Bun.sleep(50);
      await server.stop(5000);
      expect(await pending).toBe("done");
      const after = await fetch(`https://127.0.0.1:${server.port}/work`, { tls: { ca: cert.certPem } }).then(
        () => "answered",
        () => "refused",
      );
      expect(after).toBe("refused");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
