/**
 * The pages of /authorize: server-rendered HTML strings, no external assets, a style block
 * allowed by a per-response CSP nonce, nothing else (no script). They name the application, how
 * it is known (and the host of its metadata document) and the host the browser will be sent
 * back to (MCP spec: the AS must show the redirect host); the sign-in page never says which of
 * the two fields was wrong. The page sets its referrer
 * policy to same-origin: under the app-wide `no-referrer`, browsers send `Origin: null` with
 * the form POST, which the Origin guard rightly refuses.
 */

/** What the pages show about the application that asks. */
interface AppDescription {
  productName: string;
  appName: string;
  appKind: "configured" | "registered" | "document";
  appId: string;
  /** The host serving the application's metadata document, when it has one. */
  documentHost?: string;
  /** Where the browser is sent back to. */
  redirectHost: string;
}

export interface LoginPageInput extends AppDescription {
  /** Pre-filled identity (a configured client signs in as itself), or "". */
  identity: string;
  /** The original authorization request (query string), carried through the POST. */
  request: string;
  csrf: string;
  nonce: string;
  error?: string;
}

export interface ConsentPageInput extends AppDescription {
  identity: string;
  request: string;
  ticket: string;
  csrf: string;
  nonce: string;
}

/** Escapes text for HTML element content and double-quoted attributes. */
function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The Content-Security-Policy of the page; `formTarget` is the redirect URI's origin. */
export function loginPageCsp(nonce: string, formTarget?: string): string {
  const formAction = formTarget === undefined ? "'self'" : `'self' ${formTarget}`;
  return `default-src 'none'; style-src 'nonce-${nonce}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`;
}

const STYLE = `
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#eef1f5;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733}
main{background:#fff;width:100%;max-width:380px;padding:32px 32px 28px;border-radius:10px;
box-shadow:0 6px 24px rgba(20,40,70,.12)}
h1{font-size:20px;margin:0 0 4px}p{margin:0 0 18px;font-size:14px;color:#4a5868;line-height:1.45}
.who{background:#f4f7fb;border:1px solid #dde4ee;border-radius:6px;padding:10px 12px;font-size:13px;margin-bottom:18px}
.who b{font-family:ui-monospace,Menlo,monospace;font-weight:600}
label{display:block;font-size:13px;font-weight:600;margin:0 0 6px}
input[type=text],input[type=password]{box-sizing:border-box;width:100%;padding:10px 12px;font-size:15px;
border:1px solid #c3ccd8;border-radius:6px;margin-bottom:16px}
input:focus{outline:2px solid #1f6feb;border-color:#1f6feb}
button.secondary{margin-top:10px;color:#1d2733;background:#e4e9f0}
button{width:100%;padding:11px;font-size:15px;font-weight:600;color:#fff;background:#1f6feb;border:0;border-radius:6px;cursor:pointer}
.error{background:#fdecec;border:1px solid #f3b5b5;color:#8a1f1f;border-radius:6px;padding:10px 12px;font-size:13px;margin-bottom:16px}
footer{margin-top:18px;font-size:12px;color:#7a8696;text-align:center}`;

function head(title: string, nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(title)}</title><style nonce="${escapeHtml(nonce)}">${STYLE}</style></head>`;
}

/** The box naming the application, how it is known, and where the browser returns to. */
function appBox(input: AppDescription): string {
  const e = escapeHtml;
  const known =
    input.appKind === "configured"
      ? "configured client"
      : input.appKind === "document"
        ? `described by ${e(input.documentHost ?? "")}`
        : "registered itself with this server";
  return `<div class="who">Application: <b>${e(input.appName)}</b> (${known})<br>
You will be sent back to: <b>${e(input.redirectHost)}</b></div>`;
}

/** Renders the sign-in form; every dynamic value is escaped. */
export function renderLoginPage(input: LoginPageInput): string {
  const e = escapeHtml;
  const error = input.error === undefined ? "" : `<div class="error" role="alert">${e(input.error)}</div>`;
  const fixed = input.appKind === "configured";
  return `${head(`Sign in · ${input.productName}`, input.nonce)}
<body><main>
<h1>Sign in</h1>
<p>An application asks for access to <b>${e(input.productName)}</b>. Sign in with your identity and its secret to allow it.</p>
${appBox(input)}
${error}
<form method="post" action="/authorize" autocomplete="off">
<input type="hidden" name="request" value="${e(input.request)}">
<input type="hidden" name="csrf" value="${e(input.csrf)}">
<label for="client_id">Identity</label>
<input type="text" id="client_id" name="client_id" value="${e(input.identity)}" required spellcheck="false"${fixed ? "" : " autofocus"}>
<label for="client_secret">Secret</label>
<input type="password" id="client_secret" name="client_secret" required${fixed ? " autofocus" : ""}>
<button type="submit">Sign in</button>
</form>
<footer>Only continue if you started this sign-in yourself.</footer>
</main></body></html>`;
}

/** Asks the signed-in identity whether the application may act as it. */
export function renderConsentPage(input: ConsentPageInput): string {
  const e = escapeHtml;
  return `${head(`Allow access · ${input.productName}`, input.nonce)}
<body><main>
<h1>Allow access?</h1>
<p><b>${e(input.appName)}</b> asks to use <b>${e(input.productName)}</b> as <b>${e(input.identity)}</b>, with that identity's permissions, until you withdraw it.</p>
${appBox(input)}
<form method="post" action="/authorize">
<input type="hidden" name="request" value="${e(input.request)}">
<input type="hidden" name="csrf" value="${e(input.csrf)}">
<input type="hidden" name="ticket" value="${e(input.ticket)}">
<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny" class="secondary">Deny</button>
</form>
<footer>Application id: ${e(input.appId)}</footer>
</main></body></html>`;
}

/** A page for requests that cannot be redirected back (unknown client, bad redirect URI). */
export function renderErrorPage(title: string, message: string, nonce: string): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title><style nonce="${e(nonce)}">${STYLE}</style></head>
<body><main><h1>${e(title)}</h1><p>${e(message)}</p></main></body></html>`;
}
