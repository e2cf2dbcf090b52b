/**
 * The floor for B2: a bare Bun TLS pass-through proxy doing the bridge's network hop and nothing
 * else. TLS in, the same SOAP request forwarded to the lab over TLS (pooled connections, the lab
 * CA verified), the answer relayed. Run as its own process:
 *   bun bench/support/passthrough.ts PORT CERT_FILE KEY_FILE UPSTREAM_URL UPSTREAM_CA_FILE
 */
import { readFileSync } from "node:fs";

const [port, certFile, keyFile, upstream, caFile] = process.argv.slice(2) as [string, string, string, string, string];
const ca = readFileSync(caFile, "utf8");
const FORWARDED = ["content-type", "soapaction", "authorization"];

Bun.serve({
  hostname: "127.0.0.1",
  port: Number(port),
  tls: { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") },
  async fetch(request) {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const value = request.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const answer = await fetch(upstream, {
      method: request.method,
      headers,
      body: await request.arrayBuffer(),
      tls: { ca },
    } as RequestInit);
    return new Response(await answer.arrayBuffer(), {
      status: answer.status,
      headers: { "content-type": answer.headers.get("content-type") ?? "text/xml" },
    });
  },
});
console.log("ready");
