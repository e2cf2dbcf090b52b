/**
 * Asks the local appliance for GET /health over loopback HTTPS, as an operator command sees
 * it (show-tech's bundle, upgrade's roll-back decision). The Host header is the public host of
 * AUTH_ISSUER, which the Host/Origin guard allows. The certificate is not checked: nothing
 * secret is sent and the answer is only read, from the machine itself.
 */
import type { Config } from "../config/schema.ts";

/** ok: 200 received; otherwise the status (an answer other than 200) or the error (no answer). */
export interface HealthAnswer {
  ok: boolean;
  status?: number;
  body?: unknown;
  error?: string;
}

/** The loopback address that reaches a server bound to MCP_SERVER_HOST. */
function loopbackFor(bind: string): string {
  if (bind === "0.0.0.0" || bind === "") return "127.0.0.1";
  if (bind === "::") return "[::1]";
  return bind.includes(":") && !bind.startsWith("[") ? `[${bind}]` : bind;
}

/** One probe; never throws. */
export async function probeHealth(
  config: Config,
  timeoutMs: number,
  port = config.MCP_SERVER_PORT,
): Promise<HealthAnswer> {
  const url = `https://${loopbackFor(config.MCP_SERVER_HOST)}:${port}/health`;
  try {
    const response = await fetch(url, {
      headers: { host: new URL(config.AUTH_ISSUER).host },
      signal: AbortSignal.timeout(timeoutMs),
      tls: { rejectUnauthorized: false },
    } as RequestInit);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { ok: response.status === 200, status: response.status, body };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
