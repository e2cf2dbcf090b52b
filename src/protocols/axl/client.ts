/**
 * The AXL transport: one call = one SOAP request to `https://<host>:<port>/axl/` (AXL Developer
 * Guide: trailing slash required, Basic auth, SOAPAction `CUCM:DB ver=X.Y op` matching the body
 * namespace). Around it: version negotiation on HTTP 599 (remembered per host), JSESSIONIDSSO
 * reuse, and retries with backoff and jitter on throttling — for writes only when the answer
 * proves the request was not applied (503 or 599: refused before processing).
 */
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";
import { credentialKey } from "../credential-key.ts";
import { ProtocolError } from "../errors.ts";
import { basicAuth, type FetchLike, httpRequest } from "../http.ts";
import { type ProtocolLogger, SILENT_LOGGER } from "../logger.ts";
import { buildEnvelope } from "../soap/build.ts";
import { createSoapParser, type SoapBody, type SoapParser } from "../soap/parse.ts";
import type { FetchTls } from "../tls.ts";
import { createUpstreamGate, type UpstreamGate } from "../upstream-gate.ts";
import { interpretAxlResponse } from "./fault-map.ts";
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from "./retry.ts";
import { AxlSessions } from "./session.ts";
import { axlNamespace, axlSoapAction, KNOWN_AXL_VERSIONS, pickHighestUsable, VersionMemory } from "./version.ts";

/** One AXL node (publisher) and the credentials to use; resolved by the caller per request. */
export interface AxlTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  /** Preferred schema version; the negotiated one wins once known. */
  version?: string;
  /** From SERVER_CUCM_ZEEP_TIMEOUT (seconds × 1000). */
  timeoutMs: number;
  tls: FetchTls;
}

/** Injected side effects and limits. */
export interface AxlClientDeps {
  fetch: FetchLike;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  logger?: ProtocolLogger;
  retry?: RetryPolicy;
  /** Version tried first when neither the target nor memory names one. */
  defaultVersion?: string;
  /** Versions we can speak (e.g. those with a cached schema); defaults to every published one. */
  usableVersions?: readonly string[];
  /** Largest response accepted (bytes); CUCM itself caps answers at 8 MB. */
  maxResponseBytes?: number;
  /** Requests in flight per node; AXL_IN_FLIGHT_PER_NODE when not given. */
  gate?: UpstreamGate;
}

/**
 * AXL requests in flight to one node at a time; more calls wait in the bridge, in arrival order.
 * Below the number of idle connections Bun's fetch keeps (measured: none closed at 64 in flight,
 * thousands at 200; bench/README.md, B5), so every request reuses a connection; two busy nodes
 * together still fit.
 */
const AXL_IN_FLIGHT_PER_NODE = 32;

/** Options of one call. */
export interface AxlCallOptions {
  /** Repeated elements to parse as arrays (e.g. `row`). */
  arrayTags?: readonly string[];
  signal?: AbortSignal;
}

/** A successful answer. */
export interface AxlResult {
  /** Schema version the call was made with. */
  version: string;
  /** The `<operation>Response` element. */
  body: SoapBody;
}

/** The AXL client; one per process, shared by every tool. */
export interface AxlClient {
  call(
    target: AxlTarget,
    operation: string,
    payload: Record<string, unknown>,
    opts?: AxlCallOptions,
  ): Promise<AxlResult>;
  /** The version negotiated for a host so far, if any. */
  knownVersion(host: string): string | undefined;
}

/** Creates the client; state (versions, sessions, parsers) lives inside it. */
export function createAxlClient(deps: AxlClientDeps): AxlClient {
  const log = deps.logger ?? SILENT_LOGGER;
  const policy = deps.retry ?? DEFAULT_RETRY;
  const usable = deps.usableVersions ?? KNOWN_AXL_VERSIONS;
  const maxBytes = deps.maxResponseBytes ?? 64 * 1024 * 1024;
  const versions = new VersionMemory();
  const sessions = new AxlSessions();
  const gate = deps.gate ?? createUpstreamGate(AXL_IN_FLIGHT_PER_NODE);
  const parsers = new Map<string, SoapParser>();
  const parserFor = (tags: readonly string[] = []) => {
    const key = tags.join(",");
    let p = parsers.get(key);
    if (!p) {
      p = createSoapParser({ arrayTags: tags, maxBytes });
      parsers.set(key, p);
    }
    return p;
  };

  async function once(target: AxlTarget, version: string, op: string, xml: string, opts: AxlCallOptions) {
    // Sessions are per credential, never shared between clients with different credentials.
    const hostKey = credentialKey(target.host, target.port, target.username, target.password);
    const cookie = sessions.cookieFor(hostKey);
    const headers: Record<string, string> = {
      "content-type": "text/xml; charset=utf-8",
      soapaction: axlSoapAction(version, op),
      accept: "text/xml",
    };
    if (cookie) headers["cookie"] = cookie;
    else headers["authorization"] = basicAuth(target.username, target.password);
    const res = await httpRequest(deps.fetch, {
      url: `https://${target.host}:${target.port}/axl/`,
      method: "POST",
      headers,
      body: xml,
      timeoutMs: target.timeoutMs,
      tls: target.tls,
      maxBytes,
      host: target.host,
      gate,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    // An expired session gets 404 (AXL Developer Guide); a node that invalidated it may answer 401.
    // Either way the cookie is dropped and the call is sent once more with Basic auth.
    if ((res.status === 404 || res.status === 401) && cookie) {
      sessions.forget(hostKey);
      return "session-expired" as const;
    }
    sessions.remember(hostKey, res.headers);
    return interpretAxlResponse(res, {
      host: target.host,
      operation: op,
      parser: parserFor(opts.arrayTags),
      maxBytes,
      usable,
    });
  }

  return {
    knownVersion: (host) => versions.get(host),
    async call(target, operation, payload, opts = {}) {
      const write = !PROTOCOL_PATTERNS.axlReadOperation.test(operation);
      let version = versions.get(target.host) ?? target.version ?? deps.defaultVersion ?? "15.0";
      const tried = new Set<string>();
      let retries = 0;
      for (;;) {
        const xml = buildEnvelope({ namespace: axlNamespace(version), prefix: "ns", operation, payload });
        try {
          const out = await once(target, version, operation, xml, opts);
          if (out === "session-expired") continue;
          versions.set(target.host, version);
          return { version, body: out };
        } catch (err) {
          if (!(err instanceof ProtocolError)) throw err;
          if (err.code === "AXL_VERSION_UNSUPPORTED") {
            tried.add(version);
            const supported = (err.details["supported"] as string[] | undefined) ?? [];
            const next = pickHighestUsable(
              supported.filter((v) => !tried.has(v)),
              usable,
            );
            if (next === undefined) throw err;
            log.info({ host: target.host, from: version, to: next }, "AXL version negotiated after HTTP 599");
            version = next;
            continue;
          }
          const throttled = err.code === "UPSTREAM_THROTTLED" && (!write || err.details.status === 503);
          // Reads also survive one dropped connection or cut answer; TLS failures are not transient.
          const transient =
            !write &&
            retries === 0 &&
            ((err.code === "UPSTREAM_UNREACHABLE" && err.details["tls"] !== true) || err.code === "UPSTREAM_PROTOCOL");
          if ((!throttled && !transient) || retries + 1 >= policy.attempts) {
            if (write && (err.code === "UPSTREAM_TIMEOUT" || err.code === "UPSTREAM_UNREACHABLE")) {
              err.details.outcomeUnknown = true;
            }
            throw err;
          }
          const wait = backoffDelay(policy, retries, deps.random, err.details.retryAfterMs);
          log.warn(
            { host: target.host, operation, code: err.code, waitMs: wait, attempt: retries + 1 },
            "AXL retrying",
          );
          retries++;
          await deps.sleep(wait);
        }
      }
    },
  };
}

/** The `return` element of an answer (most AXL responses wrap their data in it). */
export function axlReturn(result: AxlResult): unknown {
  return result.body.value["return"];
}
