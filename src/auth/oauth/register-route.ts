/**
 * POST /register: Dynamic Client Registration (RFC 7591) for agent hosts that cannot use a
 * Client ID Metadata Document. Registrations are public clients (token_endpoint_auth_method
 * "none"; PKCE protects the code), limited to AUTH_OAUTH_REGISTRATION_RATE_PER_HOUR per client
 * IP, kept across restarts and deleted when unused (registrations.ts). Registering grants
 * nothing by itself: the person still signs in with an AUTH_CLIENTS identity and consents.
 */
import type { App } from "../../http/app.ts";
import type { AuthState } from "../auth-state.ts";
import { tooManyFailures } from "../bearer-middleware.ts";
import { parseRedirectUri } from "./redirect-policy.ts";

/** Largest registration body accepted, in bytes. */
const MAX_BODY_BYTES = 16_384;

/** Mounts POST /register over `state.registrations`. */
export function mountRegisterRoute(app: App, state: AuthState): void {
  const registrations = state.registrations;
  if (registrations === undefined) return;
  const recent = new Map<string, number[]>();
  app.post("/register", async (c) => {
    c.header("Cache-Control", "no-store");
    const ip = c.get("clientIp");
    const blocked = state.failures.blockedFor(ip);
    if (blocked > 0) return tooManyFailures(c, state, "register", blocked);
    const hourAgo = Date.now() - 3_600_000;
    const times = (recent.get(ip) ?? []).filter((t) => t > hourAgo);
    if (times.length >= state.core.config.AUTH_OAUTH_REGISTRATION_RATE_PER_HOUR) {
      state.core.audit.event("oauth.registration_refused", { ip, reason: "rate_limited" });
      c.header("Retry-After", String(Math.ceil(((times[0] ?? 0) + 3_600_000 - Date.now()) / 1000)));
      return c.json(
        { error: "too_many_requests", error_description: "Too many registrations from this address; try again later" },
        429,
      );
    }
    const invalid = (description: string) => {
      state.core.audit.event("oauth.registration_refused", { ip, reason: description });
      return c.json({ error: "invalid_client_metadata", error_description: description }, 400);
    };
    const text = await c.req.text();
    if (text.length > MAX_BODY_BYTES) return invalid(`the registration is larger than ${MAX_BODY_BYTES} bytes`);
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      body = parsed as Record<string, unknown>;
    } catch {
      return invalid("send the client metadata as a JSON object");
    }
    const uris = body.redirect_uris;
    if (!Array.isArray(uris) || uris.length === 0 || uris.length > 20 || !uris.every((u) => typeof u === "string")) {
      return c.json({ error: "invalid_redirect_uri", error_description: "redirect_uris must list 1 to 20 URIs" }, 400);
    }
    for (const uri of uris as string[]) {
      const check = parseRedirectUri(uri);
      if (!check.ok) {
        return c.json(
          { error: "invalid_redirect_uri", error_description: `${JSON.stringify(uri)}: ${check.reason}` },
          400,
        );
      }
    }
    const grants = body.grant_types;
    if (
      grants !== undefined &&
      (!Array.isArray(grants) || grants.some((g) => g !== "authorization_code" && g !== "refresh_token"))
    ) {
      return invalid("grant_types may name authorization_code and refresh_token only");
    }
    const name = typeof body.client_name === "string" && body.client_name.trim() !== "" ? body.client_name.trim() : "";
    const clientName = (name === "" ? new URL((uris as string[])[0]!).host : name).slice(0, 100);
    times.push(Date.now());
    recent.set(ip, times);
    const registration = registrations.add(clientName, uris as string[]);
    state.core.audit.event("oauth.registered", { app: registration.clientId, name: clientName, ip });
    return c.json(
      {
        client_id: registration.clientId,
        client_id_issued_at: registration.createdAt,
        client_name: clientName,
        redirect_uris: registration.redirectUris,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
      },
      201,
    );
  });
}
