/**
 * The HTTPS listener: Bun.serve with TLS 1.2 or newer, development mode off, and an idle
 * timeout long enough for streamed MCP responses (streaming routes also switch it off per
 * request). The certificate can be swapped without dropping in-flight requests: a second
 * listener is opened on the same port (SO_REUSEPORT) and the old one drains.
 */
import { constants } from "node:crypto";
import type { App } from "./app.ts";

export interface TlsMaterial {
  certPem: string;
  keyPem: string;
}

export interface HttpsServerOptions {
  app: App;
  hostname: string;
  port: number;
  tls: TlsMaterial;
  /** Largest request body accepted, in bytes. */
  maxRequestBodySize?: number;
  /** Seconds a connection may stay silent (default 120); streaming routes lift it per request. */
  idleTimeoutSeconds?: number;
}

export interface HttpsServer {
  readonly port: number;
  readonly url: string;
  /** Starts serving a new certificate; in-flight requests finish on the old listener. */
  replaceCertificate(tls: TlsMaterial): void;
  /** Stops accepting, waits (bounded) for in-flight requests, then closes. */
  stop(graceMs?: number): Promise<void>;
}

/** Refuses SSLv3, TLS 1.0 and TLS 1.1 (BoringSSL option bits). */
const TLS_1_2_OR_NEWER = constants.SSL_OP_NO_SSLv3 | constants.SSL_OP_NO_TLSv1 | constants.SSL_OP_NO_TLSv1_1;
/**
 * TLS 1.2 suites: ECDHE key exchange (forward secrecy) with AEAD ciphers only; no static RSA key
 * exchange, no CBC with SHA-1. TLS 1.3 suites are all AEAD and are not affected by this list.
 */
const TLS_1_2_SUITES = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
].join(":");

/** A request without a Host header (HTTP/1.0 allows that) has no URL to route or check: 400, not a crash. */
function missingHost(): Response {
  return Response.json(
    { error: "bad_request", message: "The request has no Host header; send it (HTTP/1.1 requires it)." },
    { status: 400 },
  );
}

function listen(options: HttpsServerOptions, tls: TlsMaterial, port: number) {
  return Bun.serve({
    hostname: options.hostname,
    port,
    reusePort: true,
    development: false,
    // Seconds a connection may stay quiet. MCP streaming routes disable it per request.
    idleTimeout: options.idleTimeoutSeconds ?? 120,
    maxRequestBodySize: options.maxRequestBodySize ?? 8 * 1024 * 1024,
    // `ciphers` is honoured by Bun's listener though missing from its TLS option type.
    tls: {
      cert: tls.certPem,
      key: tls.keyPem,
      secureOptions: TLS_1_2_OR_NEWER,
      ciphers: TLS_1_2_SUITES,
    } as Bun.TLSOptions,
    fetch(request, server) {
      if (!request.headers.get("host")) return missingHost();
      return options.app.fetch(request, { server });
    },
  });
}

/** Thrown when another process already listens on the configured address and port. */
export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
  readonly code = "PORT_IN_USE";
}

/**
 * Bun's TLS listeners share their port (SO_REUSEPORT), so a second appliance on the same port
 * would start silently and take half the connections. Probe with a plain listener first.
 */
function assertPortFree(hostname: string, port: number): void {
  if (port === 0) return;
  let probe: { stop(force?: boolean): void } | undefined;
  try {
    probe = Bun.listen({ hostname, port, socket: { data() {} } });
  } catch {
    throw new PortInUseError(`${hostname}:${port} is already in use; stop the other process or change MCP_SERVER_PORT`);
  } finally {
    probe?.stop(true);
  }
}

/** Starts listening; resolves once the socket is bound. */
export function startHttpsServer(options: HttpsServerOptions): HttpsServer {
  assertPortFree(options.hostname, options.port);
  let current = listen(options, options.tls, options.port);
  const port = current.port ?? options.port;
  const displayHost = options.hostname === "0.0.0.0" || options.hostname === "::" ? "127.0.0.1" : options.hostname;
  return {
    port,
    url: `https://${displayHost.includes(":") ? `[${displayHost}]` : displayHost}:${port}`,
    replaceCertificate(tls) {
      const previous = current;
      current = listen(options, tls, port);
      void previous.stop(false);
    },
    async stop(graceMs = 10_000) {
      const drained = current.stop(false);
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref?.());
      await Promise.race([drained, timeout]);
      await current.stop(true);
    },
  };
}
