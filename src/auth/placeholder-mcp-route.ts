/**
 * TEMPORARY: a stand-in for the MCP endpoint so the authentication flow can be tested end to
 * end before the real endpoint exists. It answers `{ ok: true, principal }` behind
 * `requireBearer`. The MCP layer replaces it: delete this file and its entry in layers.ts.
 */

import type { Context } from "hono";
import type { ApplianceCore, Layer } from "../appliance/startup.ts";
import type { App, AppEnv } from "../http/app.ts";
import { requireBearer } from "./bearer-middleware.ts";

/** Mounts GET/POST MCP_SERVER_URL_PATH behind the bearer middleware. */
export function placeholderMcpLayer(): Layer {
  return (app: App, core: ApplianceCore) => {
    const path = core.config.MCP_SERVER_URL_PATH;
    app.use(path, requireBearer(core));
    const answer = (c: Context<AppEnv>) => c.json({ ok: true, principal: c.get("principal") });
    app.get(path, answer);
    app.post(path, answer);
  };
}
