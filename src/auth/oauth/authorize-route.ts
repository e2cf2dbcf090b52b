/**
 * GET/POST /authorize: the authorization_code + PKCE front channel (docs/authentication.md,
 * "The login page"). The person signs in with an AUTH_CLIENTS identity and its secret; for a
 * registered or metadata-document application a consent question follows unless that identity
 * already allowed that application. CSRF: a random token in a hidden field must equal the one in
 * an HttpOnly `__Host-` cookie (Secure, SameSite=Strict) set with the form. Wrong credentials
 * count against the IP like any other authentication failure.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { App, AppEnv } from "../../http/app.ts";
import type { AuthState } from "../auth-state.ts";
import type { OAuthApplication } from "./applications.ts";
import { type AuthorizeRequest, checkAuthorizeRequest, redirectWith } from "./authorize-request.ts";
import { checkSecret } from "./client-auth.ts";
import { readForm } from "./form.ts";
import { loginPageCsp, renderConsentPage, renderErrorPage, renderLoginPage } from "./login-page.ts";

const CSRF_COOKIE = "__Host-aib-login";
const GENERIC_ERROR = "These credentials were not accepted. Check the identity and secret and try again.";
/** How long a consent question stays answerable, in milliseconds. */
const CONSENT_TTL_MS = 5 * 60_000;

/** Identities that signed in and still have to answer the consent question, by one-time ticket. */
interface PendingConsent {
  identity: string;
  request: string;
  until: number;
}

/** Mounts GET and POST /authorize. */
export function mountAuthorizeRoute(app: App, state: AuthState): void {
  const pending = new Map<string, PendingConsent>();
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
    const check = await checkAuthorizeRequest(state, params);
    if (check.kind !== "ok") return handle(c, state, params, undefined);
    const { request } = check;
    for (const [ticket, entry] of pending) if (entry.until < Date.now()) pending.delete(ticket);

    if (form.ticket !== undefined) {
      const entry = pending.get(form.ticket);
      pending.delete(form.ticket);
      if (entry === undefined || entry.request !== form.request) {
        return handle(c, state, params, "The question expired. Please sign in again.", 403);
      }
      if (form.decision !== "allow") {
        state.core.audit.event("oauth.consent_denied", { identity: entry.identity, app: request.app.id, ip });
        return refuse(c, state, request, "access_denied", "The person declined the request");
      }
      state.consents.grant({
        identity: entry.identity,
        appId: request.app.id,
        appName: request.app.name,
        grantedAt: state.now(),
      });
      state.core.audit.event("oauth.consent_granted", { identity: entry.identity, app: request.app.id, ip });
      return issueCode(c, state, request, entry.identity);
    }

    const identity = form.client_id ?? "";
    const auth =
      request.app.kind !== "configured" || identity === request.app.id
        ? await checkSecret(state, identity, form.client_secret ?? "", "client_secret_post")
        : { ok: false as const, reason: "client_id_mismatch", client: request.app.id };
    if (!auth.ok) {
      state.failure(ip, "login", auth.reason, auth.client ?? request.app.id);
      return handle(c, state, params, GENERIC_ERROR, 401);
    }
    state.core.audit.event("auth.success", { surface: "login", client: identity, app: request.app.id, ip });
    if (request.app.kind === "configured" || state.consents.has(identity, request.app.id)) {
      return issueCode(c, state, request, identity);
    }
    const ticket = randomBytes(32).toString("base64url");
    pending.set(ticket, { identity, request: form.request, until: Date.now() + CONSENT_TTL_MS });
    return page(c, request, (csrf, nonce) =>
      renderConsentPage({
        ...describeApp(state, request.app, request.redirectUri),
        identity,
        request: form.request ?? "",
        ticket,
        csrf,
        nonce,
      }),
    );
  });
}

function issueCode(c: Context<AppEnv>, state: AuthState, request: AuthorizeRequest, identity: string) {
  const code = state.codes.issue({
    clientName: request.app.id,
    identity,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    resource: request.resource,
  });
  setCookie(c, CSRF_COOKIE, "", { path: "/", secure: true, httpOnly: true, sameSite: "Strict", maxAge: 0 });
  c.header("Cache-Control", "no-store");
  return c.redirect(redirectWith(request.redirectUri, state.issuer, { code, state: request.state }), 302);
}

/** An error for a validated request: redirected when the URI is listed, an error page otherwise. */
function refuse(c: Context<AppEnv>, state: AuthState, request: AuthorizeRequest, error: string, description: string) {
  if (!request.listed) return errorPage(c, 400, "Sign-in refused", `${description}.`);
  c.header("Cache-Control", "no-store");
  return c.redirect(
    redirectWith(request.redirectUri, state.issuer, { error, error_description: description, state: request.state }),
    302,
  );
}

/** What the pages say about the application asking. */
function describeApp(state: AuthState, app: OAuthApplication, redirectUri: string) {
  return {
    productName: state.core.config.MCP_SERVER_NAME,
    appName: app.name,
    appKind: app.kind,
    appId: app.id,
    documentHost: app.documentHost,
    redirectHost: new URL(redirectUri).host,
  };
}

/** Validates the request and answers with the form, an error page, or an error redirect. */
async function handle(
  c: Context<AppEnv>,
  state: AuthState,
  params: URLSearchParams,
  error: string | undefined,
  status: 200 | 401 | 403 | 429 = 200,
) {
  const check = await checkAuthorizeRequest(state, params);
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
  const { request } = check;
  return page(
    c,
    request,
    (csrf, nonce) =>
      renderLoginPage({
        ...describeApp(state, request.app, request.redirectUri),
        identity: request.app.kind === "configured" ? request.app.id : "",
        request: params.toString(),
        csrf,
        nonce,
        error,
      }),
    status,
  );
}

/** A page with a fresh CSRF token, nonce and CSP allowing the form to post and redirect. */
function page(
  c: Context<AppEnv>,
  request: AuthorizeRequest,
  render: (csrf: string, nonce: string) => string,
  status: 200 | 401 | 403 | 429 = 200,
) {
  const csrf = randomBytes(32).toString("base64url");
  const nonce = randomBytes(16).toString("base64");
  setCookie(c, CSRF_COOKIE, csrf, { path: "/", secure: true, httpOnly: true, sameSite: "Strict", maxAge: 600 });
  c.header("Content-Security-Policy", loginPageCsp(nonce, new URL(request.redirectUri).origin));
  c.header("Cache-Control", "no-store");
  return c.html(render(csrf, nonce), status);
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
