/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document): a client_id that
 * is an https URL names a JSON document describing the application. It is fetched with SSRF
 * defences: https only, the host resolved once and every address checked (address-policy.ts),
 * the connection made to the checked address (so DNS cannot change between check and use), no
 * redirects, a size and a time limit; results are cached for a few minutes.
 */

import { lookup } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
// The namespace, not a named import of rootCertificates: bundled, a named import loads the
// system's root certificates when the module loads, at every start (bench/README.md, B4).
import * as tls from "node:tls";
import { isPrivateAddress } from "./address-policy.ts";
import { parseRedirectUri } from "./redirect-policy.ts";

/** Largest document accepted, in bytes (headers included). */
const MAX_RESPONSE_BYTES = 64 * 1024;
const FETCH_TIMEOUT_MS = 5000;
const CACHE_MS = 5 * 60_000;
const FAILURE_CACHE_MS = 30_000;

/** What the document says about the application, after validation. */
export interface ClientMetadata {
  clientId: string;
  clientName: string;
  redirectUris: string[];
  /** The document's host, shown on the login page. */
  host: string;
}

export type MetadataResult = { ok: true; metadata: ClientMetadata } | { ok: false; reason: string };

/** Fetches and validates metadata documents. */
export interface ClientMetadataFetcher {
  /** True when `clientId` has the shape of a metadata document URL. */
  isDocumentId(clientId: string): boolean;
  fetch(clientId: string): Promise<MetadataResult>;
}

export interface FetcherOptions {
  /** Hosts allowed to resolve to private or loopback addresses. */
  privateHosts: readonly string[];
  /** PEM file of extra trusted CAs, or "" for the system CAs only. */
  caFile: string;
  now: () => number;
}

/** A client_id URL: https, a path other than "/", no query, fragment or user-info, canonical. */
function documentUrl(clientId: string): URL | undefined {
  if (!clientId.startsWith("https://")) return undefined;
  try {
    const url = new URL(clientId);
    if (url.href !== clientId || url.pathname === "/" || url.search !== "" || url.hash !== "") return undefined;
    if (url.username !== "" || url.password !== "" || clientId.includes("\\")) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/** Builds the fetcher. */
export function createClientMetadataFetcher(options: FetcherOptions): ClientMetadataFetcher {
  const cache = new Map<string, { until: number; result: MetadataResult }>();
  // Read at the first fetch: the file may be one the appliance writes during its own start.
  let ca: string[] | undefined;
  const trusted = () => {
    if (options.caFile !== "") ca ??= [...tls.rootCertificates, readFileSync(options.caFile, "utf8")];
    return ca;
  };
  const privateHosts = new Set(options.privateHosts.map((h) => h.toLowerCase()));
  return {
    isDocumentId: (clientId) => documentUrl(clientId) !== undefined,
    async fetch(clientId) {
      const hit = cache.get(clientId);
      if (hit !== undefined && hit.until > options.now()) return hit.result;
      const result = await load(clientId);
      if (cache.size > 500) cache.clear();
      cache.set(clientId, { until: options.now() + (result.ok ? CACHE_MS : FAILURE_CACHE_MS), result });
      return result;
    },
  };

  async function load(clientId: string): Promise<MetadataResult> {
    const url = documentUrl(clientId);
    if (url === undefined) return { ok: false, reason: "the client_id is not an https URL with a path" };
    const host = url.hostname.replace(/^\[|\]$/g, "");
    let address: string;
    try {
      const addresses = isIP(host) !== 0 ? [{ address: host }] : await lookup(host, { all: true, verbatim: true });
      const allowedPrivate = privateHosts.has(url.hostname.toLowerCase());
      const usable = addresses.filter((a) => allowedPrivate || !isPrivateAddress(a.address));
      if (usable.length === 0 || usable.length !== addresses.length) {
        return { ok: false, reason: `${url.hostname} resolves to a private or loopback address` };
      }
      address = usable[0]!.address;
    } catch {
      return { ok: false, reason: `${url.hostname} does not resolve` };
    }
    let body: string;
    try {
      body = await getOnce(url, address, trusted());
    } catch (error) {
      return { ok: false, reason: `the metadata document could not be fetched (${(error as Error).message})` };
    }
    return validate(clientId, url, body);
  }
}

function validate(clientId: string, url: URL, body: string): MetadataResult {
  let doc: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    doc = parsed as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "the metadata document is not a JSON object" };
  }
  if (doc.client_id !== clientId) return { ok: false, reason: "the document's client_id is not its own URL" };
  const method = doc.token_endpoint_auth_method;
  if (method !== undefined && method !== "none") {
    return { ok: false, reason: `token_endpoint_auth_method "${String(method)}" is not supported (use "none")` };
  }
  const uris = doc.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0 || uris.length > 20 || !uris.every((u) => typeof u === "string")) {
    return { ok: false, reason: "redirect_uris must be a list of 1 to 20 URIs" };
  }
  for (const uri of uris as string[]) {
    const check = parseRedirectUri(uri);
    if (!check.ok) return { ok: false, reason: `${JSON.stringify(uri)}: ${check.reason}` };
  }
  const name = typeof doc.client_name === "string" && doc.client_name.trim() !== "" ? doc.client_name.trim() : url.host;
  return {
    ok: true,
    metadata: { clientId, clientName: name.slice(0, 100), redirectUris: uris as string[], host: url.host },
  };
}

/** One HTTP/1.1 GET over TLS to `address`, with SNI and certificate checked for the URL's host. */
function getOnce(url: URL, address: string, ca: string[] | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const servername = isIP(url.hostname.replace(/^\[|\]$/g, "")) === 0 ? url.hostname : undefined;
    const socket = tls.connect({
      host: address,
      port: url.port === "" ? 443 : Number(url.port),
      servername,
      ca,
      minVersion: "TLSv1.2",
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("timed out"));
    }, FETCH_TIMEOUT_MS);
    socket.on("secureConnect", () => {
      socket.write(
        `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: application/json\r\n` +
          "User-Agent: ai-bridge-authorization-server\r\nConnection: close\r\n\r\n",
      );
    });
    socket.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(`larger than ${MAX_RESPONSE_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** The body of a 200 response (plain or chunked); anything else, redirects included, is an error. */
function parseResponse(raw: Buffer): string {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) throw new Error("incomplete response");
  const [statusLine = "", ...headerLines] = raw.subarray(0, end).toString("latin1").split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (status !== "200") {
    throw new Error(`HTTP ${status ?? "?"}${status?.startsWith("3") ? " (redirects are not followed)" : ""}`);
  }
  const chunked = headerLines.some((line) => /^transfer-encoding:.*chunked/i.test(line));
  let body = raw.subarray(end + 4);
  if (!chunked) return body.toString("utf8");
  const parts: Buffer[] = [];
  for (;;) {
    const lineEnd = body.indexOf("\r\n");
    const length = Number.parseInt(body.subarray(0, Math.max(lineEnd, 0)).toString("latin1"), 16);
    if (lineEnd < 0 || Number.isNaN(length)) throw new Error("bad chunked encoding");
    if (length === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + length));
    body = body.subarray(lineEnd + 2 + length + 2);
  }
  return Buffer.concat(parts).toString("utf8");
}
