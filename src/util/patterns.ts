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

/** Syslog header fields (RFC 5424, 6.2): anything but printable US-ASCII without space is replaced. */
export const SYSLOG_PATTERNS = {
  notHeaderChar: /[^\x21-\x7e]/g,
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

/** Authentication: bearer headers, basic credentials, redirect-URI wildcards (src/auth/). */
export const AUTH_PATTERNS = {
  /** `Authorization: Bearer <token>` (RFC 6750 §2.1), token chars per b64token. */
  bearerHeader: /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i,
  /** `Authorization: Basic <base64>` (RFC 7617). */
  basicHeader: /^Basic +([A-Za-z0-9+/]+=*)$/i,
  /** PKCE code_verifier (RFC 7636 §4.1) and S256 code_challenge (base64url of 32 bytes). */
  codeVerifier: /^[A-Za-z0-9._~-]{43,128}$/,
  codeChallenge: /^[A-Za-z0-9_-]{43}$/,
} as const;

/** Protocol clients (src/protocols): AXL, RisPort70, VOS SSH, CUPI. */
export const PROTOCOL_PATTERNS = {
  /** An XML NCName (Namespaces in XML 1.0, production 4): a Name with no colon. */
  xmlNcName:
    /^[A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}][-.0-9A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]*$/u,
  /** A character XML 1.0 cannot carry at all, not even as a character reference (section 2.2). */
  xmlForbiddenChar: /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u,
  /** Network error text that points at certificate verification. */
  tlsFailure: /cert|self.signed|TLS|SSL|issuer|verify/i,
  /** HTTP 599 body: "Incorrect axl version. Supported axl versions are 12.x, 14.0 and 15.0". */
  axlSupportedVersions: /Supported\s+axl\s+versions\s+are\s+([0-9x., and]{1,200})/i,
  /** One version token of that list (`12.x`, `14.0`). */
  axlVersionToken: /(\d{1,3})\.(\d{1,3}|x)/g,
  /** An AXL schema version as configured (`15.0`). */
  axlVersion: /^\d{1,3}\.\d{1,3}$/,
  /** The AXL session cookie in a Set-Cookie header. */
  jsessionSso: /JSESSIONIDSSO=([^;,\s]{1,512})/,
  /**
   * "Query request too large. Total rows matched: 2816 rows. Suggestive Row Fetch: less than 844 rows";
   * Cisco's documentation also prints it "Suggested row fetch".
   */
  axlTooLarge:
    /Total rows matched:\s{0,3}(\d{1,12})\s{0,3}rows?\.\s{0,3}Sugges(?:tive|ted) Row Fetch:\s{0,3}less than\s{0,3}(\d{1,12})/i,
  /** A trailing ORDER BY (dropped from a COUNT over the same query). */
  sqlTrailingOrderBy: /\s{1,20}order\s{1,20}by\s[^()]{0,2000}$/i,
  axlQueryTooLarge: /Query request too large/i,
  axlMemoryConsumed: /Maximum AXL Memory Allocation Consumed/i,
  /** The start of a SELECT, to insert Informix `SKIP n FIRST m`. */
  sqlSelectHead: /^\s{0,100}select\b/i,
  /** A SELECT that already pages itself. */
  sqlAlreadyPaged: /^\s{0,100}select\s{1,20}(?:skip|first|limit)\b/i,
  /** AXL operations that only read. */
  axlReadOperation: /^(?:get|list|executeSQLQuery)/,
  /** RisPort70 rate fault: "Exceeded allowed rate for Reatime information" (sic). */
  risRateExceeded: /Exceeded allowed rate/i,
  /** Separator of XSD list attributes (`memberTypes`). */
  whitespaceRun: /\s+/,
  /** Trailing base64 padding (OpenSSH SHA256 fingerprints have none). */
  base64Padding: /=+$/,
} as const;

/** VOS admin CLI over SSH (src/protocols/vos-ssh): ANSI, prompts, paging (unicon vos/patterns.py shapes). */
export const VOS_PATTERNS = {
  /** CSI sequences (`ESC [ … letter`), charset selects and keypad modes. */
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC (0x1b).
  ansi: /\x1b(?:\[[0-9;?]{0,32}[A-Za-z@]|[()][A-Za-z0-9]|[=>])/g,
  /** The prompt at the very end of the cleaned output. */
  promptAtEnd: /(?:^|\n)admin:[ \t]{0,8}$/,
  /** "Press <enter> for 1 line, <space> for one page, or <q> to quit" at the end. */
  pressEnterAtEnd: /Press <enter> for 1 line, <space> for one page, or <q> to quit[ \t]{0,8}$/,
  /** "-- More --" style pager at the end. */
  moreAtEnd: /-{1,3} ?More ?-{1,3}[ \t]{0,8}$/,
  /** `file view` pager: "options: q=quit, n=next, p=prev, b=begin, e=end (lines 1 - 20 of 207554) :". */
  fileViewAtEnd:
    /options: q=quit, n=next, p=prev, b=begin, e=end \(lines \d{1,12} - \d{1,12} of \d{1,12}\) ?:[ \t]{0,8}$/,
  /** A question answered with a word: "Enter (yes/no)?". */
  yesNoAtEnd: /\(yes\/no\)[ \t]{0,4}[?:]?[ \t]{0,8}$/i,
  /** A question answered with a letter: "Continue (y/n)?". */
  yNAtEnd: /\(y\/n\)[ \t]{0,4}[?:]?[ \t]{0,8}$/i,
  /** Pager lines to drop from the final output. */
  pagerLine:
    /^(?:Press <enter> for 1 line, <space> for one page, or <q> to quit|-{1,3} ?More ?-{1,3}|options: q=quit, n=next, p=prev, b=begin, e=end \(lines \d{1,12} - \d{1,12} of \d{1,12}\) ?:)[ \t]{0,8}/,
} as const;

/** The lab's CUCM simulator (src/lab): Informix SQL translation and AXL request shapes. */
export const LAB_PATTERNS = {
  /** Informix paging head: `SELECT [SKIP n] [FIRST m | LIMIT m]` (LIMIT is Informix's synonym of FIRST). */
  informixPaging:
    /^(\s{0,100}select\s{1,20})(?:skip\s{1,20}(\d{1,12})\s{1,20})?(?:(?:first|limit)\s{1,20}(\d{1,12})\s{1,20})?/i,
  /** A trailing `LIMIT n [OFFSET m]`: SQLite's form, a syntax error in Informix. */
  trailingLimit: /\blimit\s{1,20}\d{1,12}(?:\s{1,20}offset\s{1,20}\d{1,12})?\s{0,20};?\s{0,100}$/i,
  /** Functions SQLite has and Informix does not (Informix answers -674). */
  sqliteOnlyFunction:
    /\b(ifnull|group_concat|printf|strftime|julianday|glob|randomblob|typeof|sqlite_version|instr|unicode|zeroblob|likelihood|iif)\s{0,10}\(/i,
  /** Informix's legacy outer join in the FROM list: `, OUTER table [alias]`. */
  informixOuter:
    /,\s{0,20}outer\s{1,20}([a-z_][a-z0-9_]{0,60})(?:\s{1,20}(?:as\s{1,20})?(?!where\b|order\b|group\b)([a-z_][a-z0-9_]{0,60}))?/i,
  /** Informix `CURRENT` (date and time now). */
  informixCurrent: /\bcurrent\b(?!\s{0,10}\()/gi,
  /** A trailing semicolon and whitespace. */
  trailingSemicolon: /;\s{0,100}$/,
  /** Informix functions and casts SQLite spells differently. */
  informixNvl: /\bnvl\s{0,10}\(/gi,
  informixCast: /::\s{0,5}(?:lvarchar|varchar|char|integer|int)\b(?:\(\d{1,6}\))?/gi,
  /** Informix `SELECT UNIQUE` (a synonym of DISTINCT) right after the paging head. */
  informixUnique: /^(\s{0,100}select\s{1,20})unique\b/i,
  /** Informix's TODAY constant. */
  informixToday: /\btoday\b/gi,
  /** First statement keyword, to tell queries from updates. */
  sqlVerb: /^\s{0,100}(\w{1,20})/,
  /** An XML name usable as a row child element. */
  xmlName: /^[A-Za-z_][A-Za-z0-9_.-]{0,200}$/,
  /** Leading identifier of a column expression (`count(*)` → `count`). */
  leadingIdentifier: /^[A-Za-z_][A-Za-z0-9_]{0,100}/,
  /** SOAPAction `CUCM:DB ver=15.0 getPhone` (quotes optional). */
  soapAction: /^"?CUCM:DB ver=(\d{1,3}\.\d{1,3}) ([A-Za-z]{1,100})"?$/,
  /** AXL body namespace `http://www.cisco.com/AXL/API/15.0`. */
  axlNamespace: /^http:\/\/www\.cisco\.com\/AXL\/API\/(\d{1,3}\.\d{1,3})$/,
  /** A UUID as AXL accepts it: braces optional, any case. */
  uuid: /^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$/,
  /** An IPv4 prefix of two octets for the lab subnet (`127.10`). */
  labSubnet: /^127\.(\d{1,3})$/,
  /** SQLite error details mapped to Informix codes. */
  sqliteNoTable: /no such table: (\S{1,200})/,
  sqliteNoColumn: /no such column: (\S{1,200})/,
  /** An AXL operation name by its verb (used when the lab has no WSDL to list the real ones). */
  axlVerb:
    /^(?:get|list|add|update|remove|apply|reset|restart|do|execute|wipe|lock|assign|unassign)[A-Z][A-Za-z0-9]{1,100}$/,
  /** An operation of a WSDL portType or binding. */
  wsdlOperation: /<(?:wsdl:)?operation name="([A-Za-z0-9]{1,100})"/g,
} as const;

/** The lab's reader of Cisco's XSD (src/lab/cucm/schema): tags, attributes, comments, CDATA. */
export const LAB_XSD_PATTERNS = {
  comment: /<!--[\s\S]*?-->/g,
  cdata: /<!\[CDATA\[[\s\S]*?\]\]>/g,
  /** `<xsd:name attrs>`, `</xsd:name>`, `<xsd:name attrs/>` (any prefix). */
  tag: /<(\/)?[A-Za-z0-9]{1,20}:([A-Za-z]{1,40})((?:\s[^>]*?)?)(\/)?>/g,
  attribute: /([A-Za-z:]{1,60})="([^"]*)"/g,
  /** A named simple type and its body in AXLEnums.xsd. */
  enumType: /<xsd:simpleType name="([A-Za-z0-9_]{1,100})">([\s\S]*?)<\/xsd:simpleType>/g,
  enumValue: /<xsd:enumeration value="([^"]*)"/g,
} as const;

/** Numeric character references in XML text (`&#60;`, `&#x3c;`), decoded by the lab's SOAP reader. */
export const LAB_XML_PATTERNS = {
  charRef: /&#(x[0-9A-Fa-f]{1,6}|\d{1,7});/g,
} as const;

/** RBAC input normalisation (src/rbac/normalise.ts): what may never reach a matcher. */
export const RBAC_PATTERNS = {
  /** C0/C1 control characters, incl. \r \n \t, DEL, and Unicode format characters (zero-width, bidi). */
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  control: /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u,
  /** Shell chaining, substitution and redirection in a VOS CLI command. */
  chaining: /[;&|`<>]|\$\(/,
  /** Runs of spaces (after control characters were refused). */
  spaces: / +/g,
  /** Printable ASCII only (after NFKC): VOS CLI commands and CUPI paths have no other characters. */
  printableAscii: /^[\x20-\x7e]*$/,
  /** An AXL operation name (Cisco's names are ASCII identifiers, case-sensitive). */
  axlOperation: /^[A-Za-z][A-Za-z0-9]{0,127}$/,
  /** An HTTP method as CUPI accepts it (uppercase only: no case tricks). */
  httpMethod: /^(GET|POST|PUT|DELETE)$/,
  /** Encoded dot, slash or backslash, or a percent sign left after one decoding (double encoding). */
  encodedTrick: /%(2e|2f|5c|25)/i,
  /** A glob in a profile's tools.allow / tools.deny list: letters, digits, underscore and `*`. */
  toolGlob: /^[a-z0-9_*]{1,64}$/,
  /** A host name, IPv4 or IPv6 literal as a credential key (no path characters). */
  host: /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.:-]*[A-Za-z0-9])?$/,
  /** A tool name: module prefix, lowercase snake case, at most 64 characters. */
  toolName: /^[a-z][a-z0-9]*_[a-z0-9_]{1,60}$/,
} as const;

/** The serviceability module (src/modules/serviceability): names it passes to the VOS CLI. */
export const SERVICEABILITY_PATTERNS = {
  /** A VOS trace task name: one word of letters, digits, dot, dash, underscore (never a second CLI word). */
  traceTask: /^[A-Za-z0-9._-]{1,64}$/,
} as const;

/** The CUCM tool module (src/modules/cucm): input shapes it checks itself. */
export const CUCM_TOOL_PATTERNS = {
  /** An AXL schema version folder / argument, e.g. `15.0`. */
  axlVersion: /^\d{1,2}\.\d$/,
  /** An OpenSSH SHA256 fingerprint: `SHA256:` + 43 base64 characters (no padding). */
  sshFingerprint: /^SHA256:[A-Za-z0-9+/]{43}$/,
  /** A device name as CUCM allows it (letters, digits, dot, dash, underscore; ≤ 128). */
  deviceName: /^[A-Za-z0-9._-]{1,128}$/,
  /** Characters not allowed in a report file name. */
  unsafeFileChars: /[^A-Za-z0-9._-]/g,
} as const;

/** The support bundle (src/support-bundle): which configuration keys and secret files it must mask. */
export const SUPPORT_BUNDLE_PATTERNS = {
  /** A configuration key whose value is (or protects) a secret; paths to key files are not. */
  secretConfigKey: /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN$|API_KEY|_ENC$|MASTER_KEY)/,
  /** A file in the secrets folder that holds key material or a secret (certificates and public keys do not). */
  secretFile: /(key|secret|master|\.pem$)/i,
  /** One certificate in a PEM bundle. */
  certificate: /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g,
} as const;

/** Operator commands (src/cli/commands): values they parse. */
export const OPERATIONS_PATTERNS = {
  /** A duration: a whole number with an optional unit s, m, h or d (seconds when none). */
  duration: /^(\d{1,7})([smhd]?)$/,
} as const;

/** Backup archives (src/backup/archive-file.ts). */
export const BACKUP_PATTERNS = {
  /** An archive name: its time stamp part, then the `-N` of a second archive in the same second. */
  archiveName: /^(.*?)(?:-(\d+))?\.aibk$/,
} as const;

/** `ai-bridge upgrade` (src/appliance/upgrade.ts): what a new binary must answer. */
export const UPGRADE_PATTERNS = {
  /** The `version` line of an AI-Bridge build: product name, version, build month. */
  versionLine: /^AI-Bridge for Cisco UC \S+ \(\d{6}\)$/,
} as const;

/** CDR on Demand and the CDR repository (src/protocols/logs/cdr-*.ts, src/lab/logs/cdr-*.ts). */
export const CDR_PATTERNS = {
  /** `cdr_<cluster id>_<node id>_<YYYYMMDDHHMM>_<sequence>` (also `cmr_`); the cluster id may hold `_`. */
  fileName: /^(cdr|cmr)_([A-Za-z0-9_-]{1,64})_(\d{1,4})_(\d{12})_(\d{1,12})$/,
  /** A CDR on Demand time bound: YYYYMMDDHHMM (UTC). */
  timeBound: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/,
  /** A get_file_list fault that only says the window holds no file. */
  noFileFault: /no (?:cdr )?files? (?:found|exist)/i,
} as const;
