/**
 * GET/POST /authorize: the authorization_code + PKCE front channel with a login form
 * (docs/authentication.md, "The login page"). CSRF: a random token in a hidden field must equal the
 * one in an HttpOnly `__Host-` cookie (Secure, SameSite=Strict) set with the form. Wrong
 * credentials count against the IP like any other authentication failure.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { App, AppEnv } from "../../http/app.ts";
import type { AuthState } from "../auth-state.ts";
import { checkAuthorizeRequest, redirectWith } from "./authorize-request.ts";
import { checkSecret } from "./client-auth.ts";
import { readForm } from "./form.ts";
import { loginPageCsp, renderErrorPage, renderLoginPage } from "./login-page.ts";

const CSRF_COOKIE = "__Host-aib-login";
const GENERIC_ERROR = "These credentials were not accepted. Check the client ID and secret and try again.";

/** Mounts GET and POST /authorize. */
export function mountAuthorizeRoute(app: App, state: AuthState): void {
  app.get("/authorize", (c) => handle(c, state, new URL(c.req.url).searchParams, undefined));
  app.post("/authorize", async (c) => {
    const ip = c.get("clientIp");
    const form = await readForm(c);
    if (form === undefined || form.request === undefined)
      return errorPage(c, 400, "Bad request", "The form is incomplete.");
    const params = new URLSearchParams(form.request);
    const blocked = state.failures.blockedFor(ip);
    if (blocked > 0) {
      state.core.audit.event("auth.failure", { surface: "login", reason: "ip_blocked", ip });
      return handle(c, state, params, `Too many failed attempts. Try again in ${blocked} seconds.`, 429);
    }
    if (!csrfMatches(getCookie(c, CSRF_COOKIE), form.csrf)) {
      state.core.audit.event("auth.failure", { surface: "login", reason: "csrf", ip });
      return handle(c, state, params, "The form expired. Please sign in again.", 403);
    }
    const check = checkAuthorizeRequest(state, params);
    if (check.kind !== "ok") return handle(c, state, params, undefined);
    const { request } = check;
    const auth =
      form.client_id === request.clientName
        ? await checkSecret(state, request.clientName, form.client_secret ?? "", "client_secret_post")
        : { ok: false as const, reason: "client_id_mismatch", client: request.clientName };
    if (!auth.ok) {
      state.failure(ip, "login", auth.reason, request.clientName);
      return handle(c, state, params, GENERIC_ERROR, 401);
    }
    state.core.audit.event("auth.success", { surface: "login", client: request.clientName, ip });
    const code = state.codes.issue({
      clientName: request.clientName,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      resource: request.resource,
    });
    setCookie(c, CSRF_COOKIE, "", { path: "/", secure: true, httpOnly: true, sameSite: "Strict", maxAge: 0 });
    c.header("Cache-Control", "no-store");
    return c.redirect(redirectWith(request.redirectUri, state.issuer, { code, state: request.state }), 302);
  });
}

/** Validates the request and answers with the form, an error page, or an error redirect. */
function handle(
  c: Context<AppEnv>,
  state: AuthState,
  params: URLSearchParams,
  error: string | undefined,
  status: 200 | 401 | 403 | 429 = 200,
) {
  const check = checkAuthorizeRequest(state, params);
  if (check.kind === "page") return errorPage(c, 400, "Sign-in refused", check.message);
  if (check.kind === "redirect") {
    c.header("Cache-Control", "no-store");
    const target = redirectWith(check.redirectUri, state.issuer, {
      error: check.error,
      error_description: check.description,
      state: check.state,
    });
    return c.redirect(target, 302);
  }
  const csrf = randomBytes(32).toString("base64url");
  const nonce = randomBytes(16).toString("base64");
  const redirect = new URL(check.request.redirectUri);
  setCookie(c, CSRF_COOKIE, csrf, { path: "/", secure: true, httpOnly: true, sameSite: "Strict", maxAge: 600 });
  c.header("Content-Security-Policy", loginPageCsp(nonce, redirect.origin));
  c.header("Cache-Control", "no-store");
  const html = renderLoginPage({
    clientId: check.request.clientName,
    redirectHost: redirect.host,
    request: params.toString(),
    csrf,
    nonce,
    productName: state.core.config.MCP_SERVER_NAME,
    error,
  });
  return c.html(html, status);
}

function errorPage(c: Context<AppEnv>, status: 400, title: string, message: string) {
  const nonce = randomBytes(16).toString("base64");
  c.header("Content-Security-Policy", loginPageCsp(nonce));
  c.header("Cache-Control", "no-store");
  return c.html(renderErrorPage(title, message, nonce), status);
}

function csrfMatches(cookie: string | undefined, field: string | undefined): boolean {
  if (cookie === undefined || field === undefined || cookie === "" || cookie.length !== field.length) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
}
