/**
 * The Hono application: transport guard first, then the routes each layer mounts (health,
 * OAuth endpoints, the MCP endpoint). Errors are mapped once here: clients get a short JSON
 * body, the detail goes to the log only.
 */
import { type Context, Hono } from "hono";
import type { Logger } from "pino";
import type { Principal } from "../auth/principal.ts";
import type { AuditLog } from "../logging/logger.ts";
import { type HostOriginPolicy, hostOriginGuard } from "./host-origin-guard.ts";

/** Request-scoped values shared by the layers. */
export interface AppVariables {
  /** Set by the auth middleware once a bearer token is verified. */
  principal?: Principal;
  /** The client IP as seen by the socket. */
  clientIp: string;
}

/** What Bun passes as the second fetch argument (see server.ts). */
export interface AppBindings {
  server?: {
    timeout(request: Request, seconds: number): void;
    requestIP(request: Request): { address: string } | null;
  };
}

export type AppEnv = { Variables: AppVariables; Bindings: AppBindings };
export type App = Hono<AppEnv>;

export interface AppOptions {
  guard: HostOriginPolicy;
  logger: Logger;
  audit: AuditLog;
  /** Mount further routes (auth, MCP) after the guard and the health route. */
  mounts?: Array<(app: App) => void>;
  health: () => Record<string, unknown>;
}

/** Builds the app without side effects (no listening, no timers). */
export function createApp(options: AppOptions): App {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("clientIp", c.env?.server?.requestIP(c.req.raw)?.address ?? "127.0.0.1");
    await next();
    setSecurityHeaders(c);
  });
  app.use(
    "*",
    hostOriginGuard(options.guard, (why, value) => {
      options.audit.event("transport.refused", { check: why, value: value.slice(0, 200) });
    }),
  );
  app.get("/health", (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(options.health());
  });
  for (const mount of options.mounts ?? []) mount(app);
  app.notFound((c) => c.json({ error: "not_found", message: `No route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    options.logger.error({ err: error, path: c.req.path }, "unhandled error in request");
    return c.json({ error: "internal_error", message: "The server could not complete the request; see app.log" }, 500);
  });
  return app;
}

const SECURITY_HEADERS: ReadonlyArray<[string, string]> = [
  ["Strict-Transport-Security", "max-age=31536000"],
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "no-referrer"],
  ["X-Frame-Options", "DENY"],
];

/**
 * Adds the security headers to the finished response in place. Hono's `c.header` on a finished
 * response re-creates it around its body as a stream, which made Bun pump every answer (a
 * string body included) through a ReadableStream. A response whose headers are immutable
 * (Response.redirect) falls back to that copy.
 */
function setSecurityHeaders(c: Context<AppEnv>): void {
  try {
    const headers = c.res.headers;
    for (const [name, value] of SECURITY_HEADERS) headers.set(name, value);
  } catch {
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
  }
}
