/**
 * Every regular expression of the project lives here, so that one review covers ReDoS risk:
 * each pattern below is anchored or sticky, and has no nested or overlapping quantifiers.
 * Modules import the group they need; nobody writes a regex literal elsewhere.
 */

/** python-dotenv's grammar (dotenv/parser.py), as sticky patterns applied at a cursor. */
export const DOTENV_PATTERNS = {
  multilineWhitespace: /\s*/y,
  commentLine: /#[^\r\n]*(?:\r\n|\n|\r|$)/y,
  exportPrefix: /export[^\S\r\n]+/y,
  singleQuotedKey: /'([^']+)'/y,
  unquotedKey: /([^=#\s]+)/y,
  inlineWhitespace: /[^\S\r\n]*/y,
  equalSign: /=[^\S\r\n]*/y,
  singleQuotedValue: /'((?:\\'|[^'])*)'/y,
  doubleQuotedValue: /"((?:\\"|[^"])*)"/y,
  unquotedValue: /([^\r\n]*)/y,
  unquotedComment: /\s+#.*/,
  trailingComment: /[^\S\r\n]*#[^\r\n]*/y,
  endOfLine: /[^\S\r\n]*(?:\r\n|\n|\r|$)/y,
  restOfLine: /[^\r\n]*(?:\r\n|\n|\r)?/y,
  singleEscapes: /\\[\\']/g,
  doubleEscapes: /\\[\\'"abfnrtv]/g,
  interpolation: /\$\{([^}:]*)(?::-([^}]*))?\}/g,
} as const;

/** Shapes of configuration values. */
export const CONFIG_PATTERNS = {
  clientName: /^[A-Za-z0-9-]+$/,
  profileName: /^[A-Za-z0-9_-]+$/,
  hexColor: /^#[0-9A-Fa-f]{6}$/,
  urlPath: /^\/[A-Za-z0-9._~\-/]*$/,
  envKey: /^[A-Za-z_][A-Za-z0-9_]*$/,
  integer: /^-?\d+$/,
  trailingSlashes: /\/+$/,
  /** A line of .env that binds KEY (used by the setup writer to replace in place). */
  envAssignment: /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/,
} as const;

/** Host and Origin header shapes (DNS rebinding protection). */
export const HTTP_PATTERNS = {
  /** `host`, `host:port`, `[v6]`, `[v6]:port`. */
  hostHeader: /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/,
  ipv4: /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/,
} as const;

/** What the log redaction layer masks (src/logging/redact.ts). */
export const REDACT_PATTERNS = {
  /** Field names that hold secrets. */
  secretKey:
    /pass(word|wd|phrase)?|secret|token|authorization|cookie|credential|private_?key|api_?key|client_?secret|^pwd$/i,
  /** Field names that match the above but carry no secret (counts, ids, kinds). */
  allowedKey:
    /^(token_type|token_type_hint|tokenType|grant_type|auth_method|credential_kind|credentials_present|has_password)$/i,
  pemBlock: /-----BEGIN [A-Z ]+-----[\s\S]{0,20000}?-----END [A-Z ]+-----/g,
  jwt: /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
  authHeader: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  secretAssignment: /\b(password|passwd|secret|token|client_secret)=[^\s&"']+/gi,
} as const;

/** How the .env writer decides on quoting (src/config/env-writer.ts). */
export const ENV_WRITER_PATTERNS = {
  /** Safe unquoted: no spaces, quotes, backslashes or `$`. `#` is fine when not after a space. */
  bare: /^[A-Za-z0-9_./:,*@+=#%-]*$/,
  needsEscape: /["\\\n]/g,
} as const;
