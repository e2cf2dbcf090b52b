/**
 * Test support: a loopback HTTP proxy that adds `Authorization: Bearer <token>` to every
 * request and forwards it to the appliance over HTTPS, because the conformance runner cannot
 * send a token. Host and Origin are forwarded unchanged, so the appliance's own transport
 * guard still decides the dns-rebinding scenario.
 */

export interface BearerProxy {
  url: string;
  stop(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1:<free port>, forwarding to `target` (https://…/mcp). */
export function startBearerProxy(target: string, token: string, ca: string): BearerProxy {
  const upstream = new URL(target);
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const headers = new Headers(request.headers);
      headers.set("authorization", `Bearer ${token}`);
      const host = headers.get("host");
      // The runner addresses the proxy; present the appliance's own host:port unless the runner
      // chose a different host name on purpose (the dns-rebinding scenario).
      if (host === null || host === url.host) headers.set("host", upstream.host);
      const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
      const response = await fetch(new URL(url.pathname + url.search, upstream), {
        method: request.method,
        headers,
        body,
        redirect: "manual",
        tls: { ca },
      } as RequestInit);
      const out = new Headers(response.headers);
      out.delete("content-encoding");
      out.delete("content-length");
      return new Response(response.body, { status: response.status, headers: out });
    },
  });
  return { url: `http://127.0.0.1:${server.port}${upstream.pathname}`, stop: () => server.stop(true) };
}
