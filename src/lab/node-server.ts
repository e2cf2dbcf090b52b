/**
 * One HTTPS server per lab node (Bun.serve on the node's own loopback IP): routes `/axl/`,
 * `/plugins/axlsqltoolkit.zip`, `/realtimeservice2/services/RISService70`, `/vmrest/` and the
 * lab's admin routes to the handlers the cluster gives it, and 404s everything else.
 */
import type { LabNode } from "./contracts.ts";
import type { CertPair } from "./pki.ts";

/** A request handler. */
export type Handler = (req: Request) => Response | Promise<Response>;

/** Routes of one node: path prefix → handler (longest prefix wins). */
export type NodeRoutes = Record<string, Handler>;

/** A running node server. */
export interface NodeServer {
  url: string;
  stop(): Promise<void>;
}

/** The address a lab node needs is taken, usually by another lab or demo on the same subnet. */
class LabAddressInUseError extends Error {
  override readonly name = "LabAddressInUseError";
  readonly code = "LAB_ADDRESS_IN_USE";
  constructor(readonly address: string) {
    super(`lab address ${address} is already in use (another lab or demo on the same subnet?)`);
  }
}

/** Binds the node's HTTPS server; a taken address becomes a LabAddressInUseError naming it. */
function serve(options: Parameters<typeof Bun.serve>[0] & { hostname: string; port: number }) {
  try {
    return Bun.serve(options);
  } catch (error) {
    if ((error as { code?: string }).code === "EADDRINUSE")
      throw new LabAddressInUseError(`${options.hostname}:${options.port}`);
    throw error;
  }
}

/** Starts the HTTPS server of `node`; refuses addresses outside 127.0.0.0/8. */
export function startNodeServer(
  node: LabNode,
  tls: CertPair,
  routes: NodeRoutes,
  onError: (error: unknown, path: string) => void = () => {},
): NodeServer {
  if (!node.ip.startsWith("127."))
    throw new Error(`lab nodes listen on loopback only; ${node.ip} is not in 127.0.0.0/8`);
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const server = serve({
    hostname: node.ip,
    port: node.httpsPort,
    tls: { cert: tls.certPem, key: tls.keyPem },
    idleTimeout: 120,
    async fetch(req) {
      const path = new URL(req.url).pathname;
      const prefix = prefixes.find(
        (p) =>
          path === p || path.startsWith(p.endsWith("/") ? p : `${p}/`) || (p.endsWith("/") && path === p.slice(0, -1)),
      );
      const handler = prefix === undefined ? undefined : routes[prefix];
      if (!handler) return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });
      try {
        return await handler(req);
      } catch (error) {
        onError(error, path);
        return new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain" } });
      }
    },
  });
  return {
    url: `https://${node.ip}:${server.port}`,
    async stop() {
      await server.stop(true);
    },
  };
}
