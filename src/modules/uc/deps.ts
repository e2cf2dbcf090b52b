/**
 * The narrow dependencies the product modules are built with (`create(deps)` in each
 * src/modules/<product>/index.ts), and the builders the composition root
 * (src/appliance/modules.ts) uses to make them: outbound TLS from the product's settings, the
 * protocol clients with the application logger adapted once, one VOS SSH pool per product on the
 * appliance-wide known-hosts store, and the AXL schema catalogue cache.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Logger } from "pino";
import type { Client } from "ssh2";
import { type AxlClient, createAxlClient } from "../../protocols/axl/client.ts";
import { type CatalogueStore, createCatalogueStore } from "../../protocols/axl-schema/catalogue.ts";
import type { FetchLike } from "../../protocols/http.ts";
import { type ProtocolLogger, realSleep } from "../../protocols/logger.ts";
import { buildFetchTls, type FetchTls } from "../../protocols/tls.ts";
import { createVosPool, type VosPool } from "../../protocols/vos-ssh/pool.ts";
import type { AnswerFileArea } from "./answer-file.ts";
import type { KnownHosts } from "./known-hosts.ts";
import type { Product } from "./products.ts";
import type { ProductSettings } from "./settings.ts";

/** What every product module gets: its settings, TLS, fetch and its VOS SSH pool. */
export interface UcDeps<P extends Product = Product> {
  product: P;
  settings: ProductSettings;
  /** Outbound TLS for the product's HTTPS APIs (its SSL_VERIFY / SSL_CA_BUNDLE keys). */
  tls: FetchTls;
  fetch: FetchLike;
  ssh: VosPool;
  /** Makes a fresh ssh2 client (probes that must not use the pool); await it (ssh2 may load first). */
  connectSsh: () => Client | Promise<Client>;
  /** The appliance-wide SSH host-key pins. */
  knownHosts: KnownHosts;
}

/** What the AXL tools add (CUCM, IM&P). */
export interface AxlDeps {
  axl: AxlClient;
  catalogues: CatalogueStore;
  /** The product's AXL schema cache directory, resolved. */
  axlSchemasDir: string;
  /** Where SQL and list answers are written with `to_file` (the callers' downloads). */
  answerFiles: AnswerFileArea;
}

/** Side effects tests and benchmarks replace (defaults are the real ones). */
export interface UcInjections {
  fetch?: FetchLike;
  connectSsh?: () => Client | Promise<Client>;
  /** Close idle VOS SSH sessions after this long (default 5 minutes). */
  sshIdleMs?: number;
  /** Sleep between AXL / CUPI retries (tests make backoff instant). */
  retrySleep?: (ms: number) => Promise<void>;
}

/** Bun's fetch, typed as the protocol clients expect it. */
const defaultFetch: FetchLike = (url, init) => fetch(url, init as RequestInit);

/**
 * Largest AXL answer accepted: CUCM caps answers at 8 MB (AXL Developer Guide, "AXL throttling"),
 * plus room for the envelope; anything larger is not a real answer and is refused.
 */
const AXL_MAX_RESPONSE_BYTES = 8 * 1024 * 1024 + 256 * 1024;

/** The pino logger in the protocol clients' shape, tagged with the product. */
export function protocolLogger(logger: Logger, product: Product): ProtocolLogger {
  const log = logger.child({ module: product });
  return {
    debug: (o, m) => log.debug(o, m),
    info: (o, m) => log.info(o, m),
    warn: (o, m) => log.warn(o, m),
  };
}

/** The base deps of one product; `resolve` turns a configured path into an absolute one. */
export function ucDeps<P extends Product>(
  product: P,
  settings: ProductSettings,
  env: { logger: ProtocolLogger; knownHosts: KnownHosts; resolve: (p: string) => string },
  inject: UcInjections,
): UcDeps<P> {
  const ca = settings.tls.caBundlePath;
  const tls = buildFetchTls({ ...settings.tls, caBundlePath: ca === "" ? "" : env.resolve(ca) }, (p) =>
    readFileSync(p, "utf8"),
  );
  const connectSsh = inject.connectSsh ?? newSshClient;
  const ssh = createVosPool({
    connect: connectSsh,
    knownHosts: env.knownHosts,
    logger: env.logger,
    ...(inject.sshIdleMs === undefined ? {} : { idleMs: inject.sshIdleMs }),
  });
  return { product, settings, tls, fetch: inject.fetch ?? defaultFetch, ssh, connectSsh, knownHosts: env.knownHosts };
}

/** The AXL deps of a product with an AXL interface. */
export function axlDeps(
  base: UcDeps,
  env: { logger: ProtocolLogger; resolve: (p: string) => string; answerFiles: AnswerFileArea },
  inject: UcInjections,
): AxlDeps {
  const s = base.settings;
  return {
    axl: createAxlClient({
      fetch: base.fetch,
      sleep: inject.retrySleep ?? realSleep,
      random: Math.random,
      logger: env.logger,
      maxResponseBytes: AXL_MAX_RESPONSE_BYTES,
    }),
    catalogues: createCatalogueStore({
      readText: (p) => (existsSync(p) ? readFileSync(p, "utf8") : undefined),
      modelCacheMax: s.schemaCacheMax ?? 32,
      describeCacheMax: s.describeCacheMax ?? 64,
    }),
    axlSchemasDir: env.resolve(s.axlSchemasDir ?? ""),
    answerFiles: env.answerFiles,
  };
}

/** ssh2 (and its crypto set-up) is loaded on the first SSH connection, not at every start (bench/README.md, B4). */
async function newSshClient(): Promise<Client> {
  const { Client } = await import("ssh2");
  return new Client();
}
