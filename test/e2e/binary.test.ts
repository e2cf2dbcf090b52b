/**
 * The compiled binary end to end: setup in a temp root, first boot, /health over real HTTPS,
 * the certificate's SANs, Host/Origin refusal, and a clean SIGTERM shutdown.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary } from "../support/binary.ts";
import { freePort, rawHttpsRequest } from "../support/net.ts";

let root: string;
let binary: string;
let port: number;
let server: ReturnType<typeof Bun.spawn> | undefined;
let ca: string;
let output = "";

async function waitForHealth(url: string, caPem: () => string | undefined, ms = 20_000): Promise<Response> {
  const deadline = Date.now() + ms;
  for (;;) {
    const pem = caPem();
    if (pem) {
      try {
        return await fetch(url, { tls: { ca: pem } });
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) throw new Error(`server did not answer in time; output:\n${output}`);
    await Bun.sleep(100);
  }
}

beforeAll(() => {
  binary = ensureBinary();
  root = mkdtempSync(join(tmpdir(), "e2e-binary-"));
  port = freePort();
});

afterAll(() => {
  server?.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

describe("the compiled binary", () => {
  test("--version and --help answer without a configuration", () => {
    const version = Bun.spawnSync([binary, "--version"]);
    expect(version.exitCode).toBe(0);
    expect(version.stdout.toString()).toMatch(/^AI-Bridge for Cisco UC \d+\.\d+\.\d+ \(\d{6}\)/);
    const help = Bun.spawnSync([binary, "help", "serve"]);
    expect(help.stdout.toString()).toContain("Usage: ai-bridge serve");
  });

  test("setup --non-interactive writes .env", () => {
    const setup = Bun.spawnSync(
      [
        binary,
        "setup",
        "--non-interactive",
        "--public-host",
        "mcp.test.example",
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
      ],
      { cwd: root, stdout: "pipe", stderr: "pipe" },
    );
    expect(setup.stderr.toString()).toBe("");
    expect(setup.exitCode).toBe(0);
    expect(statSync(join(root, ".env")).mode & 0o777).toBe(0o600);
  });

  test("first boot creates keys and certificate, /health answers over HTTPS", async () => {
    server = Bun.spawn([binary, "serve"], { cwd: root, stdout: "pipe", stderr: "pipe" });
    void (async () => {
      for await (const chunk of server!.stderr as ReadableStream<Uint8Array>) output += new TextDecoder().decode(chunk);
    })();
    const certPath = join(root, "secrets", "server.crt");
    const response = await waitForHealth(`https://127.0.0.1:${port}/health`, () => {
      try {
        return readFileSync(certPath, "utf8");
      } catch {
        return undefined;
      }
    });
    ca = readFileSync(certPath, "utf8");
    expect(response.status).toBe(200);
    const health = (await response.json()) as Record<string, unknown>;
    expect(health["status"]).toBe("ok");
    expect(JSON.stringify(health)).not.toContain("PRIVATE");
    for (const file of ["rsa_private.pem", "rsa_public.pem", "server.key"]) {
      expect(statSync(join(root, "secrets", file)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(root, "secrets", "rsa_private.pem"), "utf8")).toContain("BEGIN PRIVATE KEY");
  });

  test("serve keeps freed memory for reuse: the same process, now with MIMALLOC_PURGE_DELAY=-1", () => {
    // serve replaced itself (execve) before starting: same PID, same arguments, one more variable.
    const environ = readFileSync(`/proc/${server!.pid}/environ`, "utf8").split("\0");
    expect(environ).toContain("MIMALLOC_PURGE_DELAY=-1");
    expect(readFileSync(`/proc/${server!.pid}/cmdline`, "utf8").split("\0").slice(1, 2)).toEqual(["serve"]);
  });

  test("the certificate's SANs come from the allowed hosts", () => {
    const x509 = new X509Certificate(ca);
    expect(x509.subjectAltName).toContain("DNS:mcp.test.example");
    expect(x509.subjectAltName).toContain("DNS:localhost");
    expect(x509.subjectAltName).toContain("IP Address:127.0.0.1");
  });

  test("a bad Host and a bad Origin are refused before anything runs", async () => {
    const badHost = await rawHttpsRequest({ port, ca, path: "/health", headers: { Host: "evil.example" } });
    expect(badHost.status).toBe(403);
    const badOrigin = await rawHttpsRequest({
      port,
      ca,
      path: "/health",
      headers: { Host: `localhost:${port}`, Origin: "https://evil.example" },
    });
    expect(badOrigin.status).toBe(403);
    const good = await rawHttpsRequest({ port, ca, path: "/health", headers: { Host: `mcp.test.example:${port}` } });
    expect(good.status).toBe(200);
    expect(good.headers["strict-transport-security"]).toContain("max-age");
  });

  test("plain HTTP on the HTTPS port gets no answer", async () => {
    const result = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.status,
      () => "refused",
    );
    expect(result).not.toBe(200);
  });

  test("SIGTERM stops it cleanly with exit code 0, logs the stop and loses no audit line", async () => {
    // Refused bearer tokens are audited one line each; SIGTERM arrives while answers are still coming.
    let answered = 0;
    const attempts = Array.from({ length: 60 }, (_, i) =>
      fetch(`https://127.0.0.1:${port}/mcp`, {
        method: "POST",
        headers: { authorization: `Bearer not-a-token-${i}`, "content-type": "application/json" },
        body: "{}",
        tls: { ca },
      } as RequestInit).then(
        async (res) => {
          await res.arrayBuffer();
          if (res.status === 401 || res.status === 403 || res.status === 429) answered++;
        },
        () => undefined,
      ),
    );
    const all = Promise.all(attempts);
    for (let waited = 0; answered < 30 && waited < 10_000; waited += 5) await Promise.race([all, Bun.sleep(5)]);
    server!.kill("SIGTERM");
    await Promise.all(attempts);
    expect(await server!.exited).toBe(0);
    expect(answered).toBeGreaterThan(0);
    const refusals = readFileSync(join(root, "logs", "audit.log"), "utf8")
      .split("\n")
      .filter((line) => line.includes('"event":"auth.failure"') && line.includes("bearer"));
    expect(refusals.length).toBeGreaterThanOrEqual(answered);
    const app = readFileSync(join(root, "logs", "app.log"), "utf8");
    expect(app).toContain("AI-Bridge stopped");
    const audit = readFileSync(join(root, "logs", "audit.log"), "utf8");
    expect(audit).toContain('"event":"transport.refused"');
    expect(audit).toContain('"event":"server.stopped"');
    server = undefined;
  });

  test("an administrator's MIMALLOC_PURGE_DELAY is kept as given", async () => {
    const again = Bun.spawn([binary, "serve"], {
      cwd: root,
      stdout: "ignore",
      stderr: "ignore",
      env: { ...process.env, MIMALLOC_PURGE_DELAY: "10" },
    });
    try {
      const response = await waitForHealth(`https://127.0.0.1:${port}/health`, () => ca);
      expect(response.status).toBe(200);
      const environ = readFileSync(`/proc/${again.pid}/environ`, "utf8").split("\0");
      expect(environ).toContain("MIMALLOC_PURGE_DELAY=10");
      expect(environ).not.toContain("MIMALLOC_PURGE_DELAY=-1");
    } finally {
      again.kill("SIGTERM");
      expect(await again.exited).toBe(0);
    }
  });
});
