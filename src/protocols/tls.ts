/**
 * Outbound TLS policy per product (SERVER_CUCM_SSL_VERIFY / SERVER_CUCM_SSL_CA_BUNDLE and the
 * IM&P and CUC equivalents). Bun's fetch takes `{ tls: { rejectUnauthorized, ca } }`; ssh2 needs
 * nothing here (host keys are pinned instead). Phones are the documented exception: their web
 * servers present self-signed per-device certificates nobody can pin, so verification is off.
 */

/** What Bun's fetch accepts as `tls`. */
export interface FetchTls {
  rejectUnauthorized: boolean;
  ca?: string;
}

/** Settings of one product, as the configuration holds them. */
export interface TlsSettings {
  verify: boolean;
  /** Path of a PEM bundle of extra trusted CAs; empty means the system store only. */
  caBundlePath: string;
}

/** Builds the `tls` option for fetch once; the CA file is read through the injected reader. */
export function buildFetchTls(settings: TlsSettings, readText: (path: string) => string): FetchTls {
  if (!settings.verify) return { rejectUnauthorized: false };
  if (settings.caBundlePath === "") return { rejectUnauthorized: true };
  const ca = readText(settings.caBundlePath);
  if (!ca.includes("-----BEGIN CERTIFICATE-----")) {
    throw new Error(
      `The CA bundle ${settings.caBundlePath} holds no PEM certificate; point SERVER_*_SSL_CA_BUNDLE at a PEM file.`,
    );
  }
  return { rejectUnauthorized: true, ca };
}

/** Phones: self-signed device certificates, never verified (see docs/cucm.md). */
export const PHONE_TLS: FetchTls = Object.freeze({ rejectUnauthorized: false });
