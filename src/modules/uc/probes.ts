/**
 * Layer-by-layer reachability checks for the connectivity tools: TCP connect, then a TLS
 * handshake that verifies the node's certificate with the configured policy (any HTTP answer
 * proves the handshake worked). Each step reports ok/failed with the reason, so the agent can tell
 * a firewall from a certificate from a password problem.
 */
import { connect } from "node:net";
import { ProtocolError } from "../../protocols/errors.ts";
import type { FetchLike } from "../../protocols/http.ts";
import type { FetchTls } from "../../protocols/tls.ts";
import { PRODUCTS, type Product } from "./products.ts";

/** One step's outcome. */
export interface StepResult {
  step: "tcp" | "tls" | "auth" | "version" | "hostKey";
  ok: boolean;
  detail: string;
  ms: number;
}

/** Times `fn` and turns its outcome into a StepResult. */
export async function step(name: StepResult["step"], fn: () => Promise<string>): Promise<StepResult> {
  const started = performance.now();
  try {
    const detail = await fn();
    return { step: name, ok: true, detail, ms: Math.round(performance.now() - started) };
  } catch (err) {
    const detail = err instanceof ProtocolError ? `${err.message}. ${err.hint}` : (err as Error).message;
    return { step: name, ok: false, detail, ms: Math.round(performance.now() - started) };
  }
}

/** Opens and closes a TCP connection. */
export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no TCP answer from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.end();
      resolve(`${host}:${port} accepts connections`);
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`TCP ${host}:${port}: ${err.message}`));
    });
  });
}

/** Completes a verified TLS handshake (HTTP GET of `/`; the status does not matter); `product` names the setting. */
export async function tlsProbe(
  fetchFn: FetchLike,
  host: string,
  port: number,
  tls: FetchTls,
  timeoutMs: number,
  product: Product,
) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetchFn(`https://${host}:${port}/`, {
      method: "GET",
      headers: {},
      signal: controller.signal,
      tls,
      redirect: "manual",
    });
    await res.arrayBuffer().catch(() => undefined);
    const off = `NOT verified: ${PRODUCTS[product].keys.sslVerify} is off`;
    return `TLS handshake ok (certificate ${tls.rejectUnauthorized ? "verified" : off})`;
  } catch (err) {
    throw new Error(`TLS to ${host}:${port} failed: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
