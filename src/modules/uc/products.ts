/**
 * The one table of the Cisco UC products the bridge serves. Everything product-specific that is
 * not a tool lives here: the name agents see, which node a tool addresses, the kinds of credentials
 * a client can store, the services (and so the rate-limit buckets) the product is reached by, and
 * the configuration keys its settings come from. The `Product` type, the vault's credential kinds,
 * the profile's product scope, the rate-budget list and the credential/trust/toolkit tool names are
 * all derived from it, so adding a product starts with one row here (docs/writing-tools.md).
 */
import type { Config } from "../../config/schema.ts";

/** A protocol a tool reaches a node by; it picks the credential kind and the rate-limit bucket. */
export type UcService = "axl" | "ris" | "os" | "phone" | "cupi" | "serviceability";

/** A kind of credential a client stores per host (the vault's key). */
export type CredentialKind = "axl" | "os" | "phone" | "cupi";

/** Which stored credential each service logs in with (RisPort70 accepts the AXL application user). */
export const SERVICE_CREDENTIAL: Readonly<Record<UcService, CredentialKind>> = {
  axl: "axl",
  ris: "axl",
  os: "os",
  phone: "phone",
  cupi: "cupi",
  // The Serviceability SOAP APIs log in with the same application user as AXL.
  serviceability: "axl",
};

/** The rate-limit bucket of a service (VOS CLI calls count against `ssh`). */
export const SERVICE_BUCKET = {
  axl: "axl",
  ris: "ris",
  os: "ssh",
  phone: "phone",
  cupi: "cupi",
  serviceability: "serviceability",
} as const;

type Key = keyof Config & string;

/** The configuration keys one product's settings come from (see settings.ts). */
export interface ProductKeys {
  /** Port of the product's main HTTPS API (AXL or CUPI). */
  httpsPort: Key;
  risPort?: Key;
  sshPort: Key;
  /** Request timeout of the main API, in seconds. */
  requestTimeout: Key;
  schemaTimeout?: Key;
  sshTimeout: Key;
  sshTerm: Key;
  sshTermWidth: Key;
  sshTermHeight: Key;
  sslVerify: Key;
  sslCaBundle: Key;
  axlSchemasDir?: Key;
  risSchemasDir?: Key;
  schemaCacheMax?: Key;
  describeCacheMax?: Key;
  phoneScreenshotTimeout?: Key;
}

/** One product row. */
interface ProductRow {
  /** Name in descriptions and messages. */
  label: string;
  /** The node the product's API tools address ("publisher" or "node"). */
  hostRole: string;
  /** Credential kinds a client can store, the main API's first (its tools have no infix). */
  credentials: readonly CredentialKind[];
  /** Services the product is reached by, in listing order. */
  services: readonly UcService[];
  keys: ProductKeys;
}

/** The table. Add a row (and a src/modules/<name>/ folder) to add a product. */
export const PRODUCTS = {
  cucm: {
    label: "CUCM",
    hostRole: "publisher",
    credentials: ["axl", "os", "phone"],
    services: ["axl", "ris", "os", "phone", "serviceability"],
    keys: {
      httpsPort: "SERVER_CUCM_AXL_PORT",
      risPort: "SERVER_CUCM_RIS_PORT",
      sshPort: "SERVER_CUCM_SSH_PORT",
      requestTimeout: "SERVER_CUCM_ZEEP_TIMEOUT",
      schemaTimeout: "SERVER_CUCM_AXL_WSDL_TIMEOUT",
      sshTimeout: "SERVER_CUCM_SSH_TIMEOUT",
      sshTerm: "SERVER_CUCM_SSH_TERM",
      sshTermWidth: "SERVER_CUCM_SSH_TERM_WIDTH",
      sshTermHeight: "SERVER_CUCM_SSH_TERM_HEIGHT",
      sslVerify: "SERVER_CUCM_SSL_VERIFY",
      sslCaBundle: "SERVER_CUCM_SSL_CA_BUNDLE",
      axlSchemasDir: "SERVER_CUCM_AXL_SCHEMAS_DIR",
      risSchemasDir: "SERVER_CUCM_RIS_SCHEMAS_DIR",
      schemaCacheMax: "SERVER_CUCM_WSDL_CACHE_MAX",
      describeCacheMax: "SERVER_CUCM_ZEEP_CACHE_MAX",
      phoneScreenshotTimeout: "SERVER_CUCM_PHONE_SCREENSHOT_TIMEOUT",
    },
  },
  imp: {
    label: "IM&Presence",
    hostRole: "node",
    credentials: ["axl", "os"],
    services: ["axl", "os", "serviceability"],
    keys: {
      httpsPort: "SERVER_IMP_AXL_PORT",
      sshPort: "SERVER_IMP_SSH_PORT",
      requestTimeout: "SERVER_IMP_ZEEP_TIMEOUT",
      schemaTimeout: "SERVER_IMP_AXL_WSDL_TIMEOUT",
      sshTimeout: "SERVER_IMP_SSH_TIMEOUT",
      sshTerm: "SERVER_IMP_SSH_TERM",
      // The configuration has no IM&P terminal size keys; IM&P sessions use the CUCM ones.
      sshTermWidth: "SERVER_CUCM_SSH_TERM_WIDTH",
      sshTermHeight: "SERVER_CUCM_SSH_TERM_HEIGHT",
      sslVerify: "SERVER_IMP_SSL_VERIFY",
      sslCaBundle: "SERVER_IMP_SSL_CA_BUNDLE",
      axlSchemasDir: "SERVER_IMP_AXL_SCHEMAS_DIR",
      schemaCacheMax: "SERVER_IMP_WSDL_CACHE_MAX",
      describeCacheMax: "SERVER_IMP_ZEEP_CACHE_MAX",
    },
  },
  cuc: {
    label: "Unity Connection",
    hostRole: "publisher",
    credentials: ["cupi", "os"],
    services: ["cupi", "os"],
    keys: {
      httpsPort: "SERVER_CUC_CUPI_PORT",
      sshPort: "SERVER_CUC_SSH_PORT",
      requestTimeout: "SERVER_CUC_CUPI_TIMEOUT",
      sshTimeout: "SERVER_CUC_SSH_TIMEOUT",
      sshTerm: "SERVER_CUC_SSH_TERM",
      sshTermWidth: "SERVER_CUC_SSH_TERM_WIDTH",
      sshTermHeight: "SERVER_CUC_SSH_TERM_HEIGHT",
      sslVerify: "SERVER_CUC_SSL_VERIFY",
      sslCaBundle: "SERVER_CUC_SSL_CA_BUNDLE",
    },
  },
} as const satisfies Record<string, ProductRow>;

/** A product name (`cucm`, `imp`, `cuc`). */
export type Product = keyof typeof PRODUCTS;

/** The product names, in table order. */
export const PRODUCT_NAMES = Object.keys(PRODUCTS) as Product[];

/** The credential kinds of each product (the vault refuses others). */
export type ProductCredentials = { [P in Product]: (typeof PRODUCTS)[P]["credentials"] };

/** Human name of a product. */
export function productLabel(product: Product): string {
  return PRODUCTS[product].label;
}

/**
 * The credential tool of (product, kind, action): the product's main API kind has no infix
 * (`cucm_store_credentials`), other kinds do (`cucm_os_update_credentials`). The one place this
 * naming rule is written.
 */
export function credentialToolName(product: string, kind: string, action: "store" | "update" | "delete"): string {
  const main = (PRODUCTS as Record<string, ProductRow>)[product]?.credentials[0];
  const infix = kind === main ? "" : `${kind}_`;
  return `${product}_${infix}${action}_credentials`;
}

/** The tool that pins a product's SSH host keys. */
export function trustToolName(product: string): string {
  return `${product}_os_trust_fingerprint`;
}

/** The tool that caches a product's AXL schema. */
export function axlToolkitToolName(product: string): string {
  return `${product}_download_axl_toolkit`;
}

/** The products reached by `service` (e.g. `ProductWith<"axl">` is "cucm" | "imp"). */
export type ProductWith<S extends UcService> = {
  [P in Product]: S extends (typeof PRODUCTS)[P]["services"][number] ? P : never;
}[Product];
