/**
 * Every key of the configuration reference with its default. Add a key here and in
 * `.env.example`; a test fails when the two drift apart. Keys wrapped in `notYetAvailable`
 * belong to features not built yet; a start that sets one of them logs a warning
 * (`not-yet-available.ts`).
 */
import {
  bool,
  clients,
  colors,
  int,
  type KeySpec,
  list,
  notYetAvailable,
  oneOf,
  path,
  port,
  redirectUris,
  text,
  url,
  urlPath,
} from "./kinds.ts";

const seconds = (def: string) => int(def, 1, 86_400);
const cacheSize = (def: string) => int(def, 1, 10_000);

export const CONFIG_SPEC = {
  // Project metadata: written by setup and upgrade, never by hand.
  PROJECT_NAME: text("ai-bridge-for-cisco-uc"),
  PROJECT_CREATOR: text("AI-Bridge for Cisco UC"),
  PROJECT_VERSION: text("202611"),

  // MCP server
  MCP_SERVER_NAME: text("AI-Bridge for Cisco UC"),
  MCP_SERVER_INSTRUCTIONS: text("MCP SERVER for Cisco UC", true),
  MCP_SERVER_TRANSPORT: oneOf("streamable-http", ["streamable-http"]),
  MCP_SERVER_HOST: text("0.0.0.0"),
  MCP_SERVER_PORT: port("8443"),
  MCP_SERVER_URL_PATH: urlPath("/mcp"),
  MCP_SERVER_RESULT_TEXT_MAX_CHARS: int("20000", 1000, 1_000_000),
  MCP_SERVER_RESULT_DATA_MAX_BYTES: int("262144", 4096, 67_108_864),

  // Docker: the container user (Dockerfile build arguments, compose example)
  UID: int("1000", 0, 2_147_483_647),
  GID: int("1000", 0, 2_147_483_647),

  // Authentication and cryptography
  AUTH_RSA_PUBLIC_KEY_FILE: path("./secrets/rsa_public.pem"),
  AUTH_RSA_PRIVATE_KEY_FILE: path("./secrets/rsa_private.pem"),
  AUTH_ISSUER: url("https://mcp.domain.com:8443"),
  AUTH_AUDIENCE: text("mcp-clients"),
  AUTH_CLIENTS: clients(""),
  CRYPTO_SECRETS_DIR: path("./secrets/"),
  AUTH_MODE: oneOf("jwt", ["jwt", "oauth2", "jwt+oauth2"]),
  AUTH_RSA_KEY_SIZE: oneOf("4096", ["2048", "3072", "4096"]),
  AUTH_TOKEN_EXPIRY_DAYS: int("365", 1, 3650),
  AUTH_OAUTH_TOKEN_EXPIRY_SECONDS: int("3600", 60, 86_400),
  AUTH_FAIL_LIMIT: int("10", 1, 10_000),
  AUTH_FAIL_WINDOW_SECONDS: seconds("300"),
  AUTH_BLACKLIST_DURATION_SECONDS: int("900", 1, 31_536_000),
  AUTH_OAUTH_REDIRECT_URIS: redirectUris(""),
  AUTH_OAUTH_REDIRECT_URI_ENFORCEMENT: oneOf("loopback", ["off", "loopback", "strict"]),
  AUTH_OAUTH_REFRESH_TOKEN_EXPIRY_DAYS: int("30", 1, 365),
  AUTH_OAUTH_DYNAMIC_REGISTRATION: bool("1"),
  AUTH_OAUTH_REGISTRATION_RATE_PER_HOUR: int("20", 1, 10_000),
  AUTH_OAUTH_REGISTRATION_UNUSED_DAYS: int("30", 1, 3650),
  AUTH_OAUTH_CLIENT_METADATA_DOCUMENTS: bool("1"),
  AUTH_OAUTH_CLIENT_METADATA_PRIVATE_HOSTS: list(""),
  AUTH_OAUTH_CLIENT_METADATA_CA_FILE: path("", true),
  INTEGRITY_CHECK_INTERVAL_HOURS: int("24", 1, 8760),
  INTEGRITY_ON_MISMATCH: oneOf("warn", ["warn", "refuse"]),
  CLIENTS_DIR: path("./clients/"),

  // Logging
  LOGGING_LEVEL: oneOf("info", ["debug", "info", "warning", "error", "critical"]),
  LOGGING_DIR: path("./logs/"),
  LOGGING_ROTATE_SIZE: int("5000000", 10_000, 10_000_000_000),
  LOGGING_ROTATE_FILES: int("3", 1, 100),
  LOGGING_CONSOLE_ENABLED: bool("1"),
  LOGGING_AUDIT_SYSLOG_HOST: text("", true),
  LOGGING_AUDIT_SYSLOG_PORT: port("6514"),
  LOGGING_AUDIT_SYSLOG_CA_FILE: path("", true),

  // Reports
  REPORT_CHARTS_COLORS: colors("PASS=#78F5AE,WARN=#FFBE54,FAIL=#FF6F61,INFO=#69C2FF,N/A=#BACCCC"),
  REPORT_MAX_SIZE_BYTES: int("2000000", 10_000, 100_000_000),
  REPORT_MAX_COUNT: int("500", 1, 100_000),

  // CUCM server
  SERVER_CUCM_AXL_PORT: port("8443"),
  SERVER_CUCM_RIS_PORT: port("8443"),
  SERVER_CUCM_SSH_PORT: port("22"),
  SERVER_CUCM_SSH_TIMEOUT: seconds("30"),
  SERVER_CUCM_ZEEP_TIMEOUT: seconds("30"),
  SERVER_CUCM_AXL_SCHEMAS_DIR: path("./servers/cucm/axl-schemas/"),
  SERVER_CUCM_RIS_SCHEMAS_DIR: path("./servers/cucm/ris-schemas/"),
  SERVER_CUCM_AXL_WSDL_TIMEOUT: seconds("10"),
  SERVER_CUCM_RIS_WSDL_TIMEOUT: notYetAvailable(seconds("15")),
  SERVER_CUCM_SSH_TERM: text("dumb"),
  SERVER_CUCM_SSH_TERM_WIDTH: int("220", 40, 1000),
  SERVER_CUCM_SSH_TERM_HEIGHT: int("50", 10, 1000),
  SERVER_CUCM_PHONE_SCREENSHOT_TIMEOUT: seconds("10"),
  SERVER_CUCM_ZEEP_CACHE_MAX: cacheSize("64"),
  SERVER_CUCM_WSDL_CACHE_MAX: cacheSize("32"),
  SERVER_CUCM_SSL_VERIFY: bool("True"),
  SERVER_CUCM_SSL_CA_BUNDLE: path("", true),
  PROFILE_SCHEMA_STRICT: bool("1"),

  // IM&P server
  SERVER_IMP_AXL_PORT: port("8443"),
  SERVER_IMP_SSH_PORT: port("22"),
  SERVER_IMP_SSH_TIMEOUT: seconds("120"),
  SERVER_IMP_ZEEP_TIMEOUT: seconds("30"),
  SERVER_IMP_AXL_SCHEMAS_DIR: path("./servers/imp/axl-schemas/"),
  SERVER_IMP_AXL_WSDL_TIMEOUT: seconds("10"),
  SERVER_IMP_SSH_TERM: text("dumb"),
  SERVER_IMP_ZEEP_CACHE_MAX: cacheSize("64"),
  SERVER_IMP_WSDL_CACHE_MAX: cacheSize("32"),
  SERVER_IMP_SSL_VERIFY: bool("True"),
  SERVER_IMP_SSL_CA_BUNDLE: path("", true),

  // Unity Connection server
  SERVER_CUC_CUPI_PORT: port("8443"),
  SERVER_CUC_CUPI_TIMEOUT: seconds("30"),
  SERVER_CUC_SSH_PORT: port("22"),
  SERVER_CUC_SSH_TIMEOUT: seconds("60"),
  SERVER_CUC_SSH_TERM: text("dumb"),
  SERVER_CUC_SSH_TERM_WIDTH: int("220", 40, 1000),
  SERVER_CUC_SSH_TERM_HEIGHT: int("50", 10, 1000),
  SERVER_CUC_SSL_VERIFY: bool("True"),
  SERVER_CUC_SSL_CA_BUNDLE: path("", true),

  // Transport security (DNS rebinding protection)
  MCP_SERVER_SECURITY_TRANSPORT_ENABLED: bool("1"),
  MCP_SERVER_SECURITY_ALLOWED_HOSTS: list("localhost:*,127.0.0.1:*,mcp.domain.com:*"),
  MCP_SERVER_SECURITY_ALLOWED_ORIGINS: list(
    "https://localhost:8443,https://127.0.0.1:8443,https://mcp.domain.com:8443",
  ),

  // TLS: a CA-signed certificate used instead of the self-signed one when both are set
  TLS_CA_SIGNED_CERT_FILE: path("", true),
  TLS_CA_SIGNED_KEY_FILE: path("", true),

  // Backup
  BACKUP_ENABLED: bool("0"),
  BACKUP_DIR: path("./backups/"),
  BACKUP_EXCLUDE_DIRS: list("./backups/,./.git/,./__pycache__/"),
  BACKUP_RETENTION: int("4", 1, 1000),
  BACKUP_INTERVAL_HOURS: int("168", 1, 8760),
  BACKUP_SFTP_HOST: text("", true),
  BACKUP_SFTP_PORT: port("22"),
  BACKUP_SFTP_USER: text("", true),
  BACKUP_SFTP_AUTH: oneOf("key", ["key", "password"]),
  BACKUP_SFTP_KEY_FILE: path("./secrets/backup_ssh_key"),
  BACKUP_SFTP_KNOWN_HOSTS: path("./secrets/sftp_known_hosts"),
  BACKUP_SFTP_PASSWORD_ENC: text("", true),
  BACKUP_SFTP_REMOTE_PATH: text("/backups/ai-bridge/"),
  BACKUP_SFTP_RETENTION: int("52", 1, 10_000),
} satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_SPEC;

type ValueOf<S> = S extends KeySpec<infer T> ? T : never;

/** The typed, validated configuration, keyed by the `.env` names of the reference. */
export type Config = { readonly [K in ConfigKey]: ValueOf<(typeof CONFIG_SPEC)[K]> } & {
  /** Absolute project root every relative path is resolved against. */
  readonly root: string;
};

export const CONFIG_KEYS = Object.keys(CONFIG_SPEC) as ConfigKey[];
