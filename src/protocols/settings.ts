/**
 * The protocol settings of one product, read once from the frozen Config (seed configuration
 * reference: SERVER_CUCM_*, SERVER_IMP_*, SERVER_CUC_*). Seconds become milliseconds here so the
 * clients only see milliseconds. IM&P has no terminal size keys; it uses the CUCM ones.
 */
import type { Config } from "../config/schema.ts";
import type { TlsSettings } from "./tls.ts";

/** What the clients of one product need. */
export interface ProductSettings {
  product: "cucm" | "imp" | "cuc";
  /** AXL (CUCM, IM&P) or CUPI (CUC) HTTPS port. */
  httpsPort: number;
  /** RisPort70 port (CUCM only). */
  risPort?: number;
  sshPort: number;
  /** SOAP/REST request timeout: SERVER_*_ZEEP_TIMEOUT, or SERVER_CUC_CUPI_TIMEOUT. */
  requestTimeoutMs: number;
  /** Schema download timeout (SERVER_*_AXL_WSDL_TIMEOUT). */
  schemaTimeoutMs?: number;
  sshTimeoutMs: number;
  terminal: { term: string; cols: number; rows: number };
  tls: TlsSettings;
  axlSchemasDir?: string;
  risSchemasDir?: string;
  /** LRU sizes for parsed schemas and operation descriptions. */
  schemaCacheMax?: number;
  describeCacheMax?: number;
  phoneScreenshotTimeoutMs?: number;
}

/** Reads the settings of `product` from the configuration. */
export function productSettings(config: Config, product: ProductSettings["product"]): ProductSettings {
  const s = (n: number) => n * 1000;
  if (product === "cucm") {
    return {
      product,
      httpsPort: config.SERVER_CUCM_AXL_PORT,
      risPort: config.SERVER_CUCM_RIS_PORT,
      sshPort: config.SERVER_CUCM_SSH_PORT,
      requestTimeoutMs: s(config.SERVER_CUCM_ZEEP_TIMEOUT),
      schemaTimeoutMs: s(config.SERVER_CUCM_AXL_WSDL_TIMEOUT),
      sshTimeoutMs: s(config.SERVER_CUCM_SSH_TIMEOUT),
      terminal: {
        term: config.SERVER_CUCM_SSH_TERM,
        cols: config.SERVER_CUCM_SSH_TERM_WIDTH,
        rows: config.SERVER_CUCM_SSH_TERM_HEIGHT,
      },
      tls: { verify: config.SERVER_CUCM_SSL_VERIFY, caBundlePath: config.SERVER_CUCM_SSL_CA_BUNDLE },
      axlSchemasDir: config.SERVER_CUCM_AXL_SCHEMAS_DIR,
      risSchemasDir: config.SERVER_CUCM_RIS_SCHEMAS_DIR,
      schemaCacheMax: config.SERVER_CUCM_WSDL_CACHE_MAX,
      describeCacheMax: config.SERVER_CUCM_ZEEP_CACHE_MAX,
      phoneScreenshotTimeoutMs: s(config.SERVER_CUCM_PHONE_SCREENSHOT_TIMEOUT),
    };
  }
  if (product === "imp") {
    return {
      product,
      httpsPort: config.SERVER_IMP_AXL_PORT,
      sshPort: config.SERVER_IMP_SSH_PORT,
      requestTimeoutMs: s(config.SERVER_IMP_ZEEP_TIMEOUT),
      schemaTimeoutMs: s(config.SERVER_IMP_AXL_WSDL_TIMEOUT),
      sshTimeoutMs: s(config.SERVER_IMP_SSH_TIMEOUT),
      terminal: {
        term: config.SERVER_IMP_SSH_TERM,
        cols: config.SERVER_CUCM_SSH_TERM_WIDTH,
        rows: config.SERVER_CUCM_SSH_TERM_HEIGHT,
      },
      tls: { verify: config.SERVER_IMP_SSL_VERIFY, caBundlePath: config.SERVER_IMP_SSL_CA_BUNDLE },
      axlSchemasDir: config.SERVER_IMP_AXL_SCHEMAS_DIR,
      schemaCacheMax: config.SERVER_IMP_WSDL_CACHE_MAX,
      describeCacheMax: config.SERVER_IMP_ZEEP_CACHE_MAX,
    };
  }
  return {
    product,
    httpsPort: config.SERVER_CUC_CUPI_PORT,
    sshPort: config.SERVER_CUC_SSH_PORT,
    requestTimeoutMs: s(config.SERVER_CUC_CUPI_TIMEOUT),
    sshTimeoutMs: s(config.SERVER_CUC_SSH_TIMEOUT),
    terminal: {
      term: config.SERVER_CUC_SSH_TERM,
      cols: config.SERVER_CUC_SSH_TERM_WIDTH,
      rows: config.SERVER_CUC_SSH_TERM_HEIGHT,
    },
    tls: { verify: config.SERVER_CUC_SSL_VERIFY, caBundlePath: config.SERVER_CUC_SSL_CA_BUNDLE },
  };
}
