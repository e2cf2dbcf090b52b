/**
 * The protocol settings of one product, read once from the frozen Config through the product
 * table's key names (src/modules/uc/products.ts). Seconds become milliseconds here so the clients
 * only see milliseconds.
 */
import type { Config } from "../../config/schema.ts";
import type { TlsSettings } from "../../protocols/tls.ts";
import { PRODUCTS, type Product, type ProductKeys } from "./products.ts";

/** What the clients of one product need. */
export interface ProductSettings {
  product: Product;
  /** Main HTTPS API port: AXL (CUCM, IM&P) or CUPI (Unity Connection). */
  httpsPort: number;
  /** RisPort70 port (products with the `ris` service). */
  risPort?: number;
  sshPort: number;
  /** SOAP/REST request timeout of the main API. */
  requestTimeoutMs: number;
  /** Schema download timeout. */
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
export function productSettings(config: Config, product: Product): ProductSettings {
  const keys: ProductKeys = PRODUCTS[product].keys;
  const num = (k: keyof Config) => Number(config[k]);
  const opt = <T>(k: keyof Config | undefined, f: (key: keyof Config) => T) => (k === undefined ? undefined : f(k));
  const ms = (k: keyof Config) => num(k) * 1000;
  const str = (k: keyof Config) => String(config[k]);
  const settings: ProductSettings = {
    product,
    httpsPort: num(keys.httpsPort),
    risPort: opt(keys.risPort, num),
    sshPort: num(keys.sshPort),
    requestTimeoutMs: ms(keys.requestTimeout),
    schemaTimeoutMs: opt(keys.schemaTimeout, ms),
    sshTimeoutMs: ms(keys.sshTimeout),
    terminal: { term: str(keys.sshTerm), cols: num(keys.sshTermWidth), rows: num(keys.sshTermHeight) },
    tls: { verify: Boolean(config[keys.sslVerify]), caBundlePath: str(keys.sslCaBundle) },
    axlSchemasDir: opt(keys.axlSchemasDir, str),
    risSchemasDir: opt(keys.risSchemasDir, str),
    schemaCacheMax: opt(keys.schemaCacheMax, num),
    describeCacheMax: opt(keys.describeCacheMax, num),
    phoneScreenshotTimeoutMs: opt(keys.phoneScreenshotTimeout, ms),
  };
  for (const k of Object.keys(settings) as Array<keyof ProductSettings>)
    if (settings[k] === undefined) delete settings[k];
  return settings;
}
