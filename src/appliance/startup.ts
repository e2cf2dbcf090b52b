/**
 * Starts the appliance in this order: configuration → logging →
 * profiles → integrity → TLS certificate → RSA keys → clients → watchdogs → HTTPS.
 * Each step is one call into its own module; this file only sequences them.
 */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { Logger } from "pino";
import { ConfigInvalidError, envPathFor, loadConfig, resolveFromRoot } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { ensureRsaKeyPair, type RsaKeyPair } from "../crypto/rsa-keys.ts";
import { ensureDir, SECRET_DIR_MODE } from "../fs/atomic.ts";
import { type App, createApp } from "../http/app.ts";
import { type HttpsServer, startHttpsServer } from "../http/server.ts";
import { type FileSetOptions, runningBinary, SYSTEMD_UNIT_FILE } from "../integrity/file-set.ts";
import { checkIntegrityAtStart } from "../integrity/integrity-guard.ts";
import { type AuditLog, createLoggers, type Loggers } from "../logging/logger.ts";
import { syncDefaultProfiles } from "../rbac/profile-sync.ts";
import { ensureApplianceCa, sha256Fingerprint } from "../tls/appliance-ca.ts";
import { ensureServerCertificate, needsRenewal, type ServerCertificate } from "../tls/certificate.ts";
import { sansFor } from "../tls/san.ts";
import { migrateVaults } from "../vault/vault.ts";
import { VERSION } from "../version.ts";
import { type AppliancePaths, appliancePaths } from "./paths.ts";
import { startWatchdogs, type Watchdogs } from "./watchdogs.ts";

/** Everything the later layers (auth, MCP, modules) are built from. */
export interface ApplianceCore {
  config: Config;
  paths: AppliancePaths;
  logger: Logger;
  audit: AuditLog;
  keys: RsaKeyPair;
  startedAt: Date;
  /** Registers cleanup to run at shutdown (watchers, pools), after the listener has drained. */
  onStop(cleanup: () => void | Promise<void>): void;
}

/** A layer that mounts routes on the app (auth endpoints, the MCP endpoint). */
export type Layer = (app: App, core: ApplianceCore) => void | Promise<void>;

export interface StartOptions {
  root: string;
  /** Overrides the configured port (0 = any free port; used by tests and the demo). */
  portOverride?: number;
  /** Console echo for the application log (defaults to stderr). */
  consoleWrite?: (line: string) => void;
  /** Idle timeout of the HTTPS listener in seconds (tests shorten it). */
  idleTimeoutSeconds?: number;
  layers?: Layer[];
  /** The binary and unit file the integrity manifest covers (defaults: this binary, the installed unit). */
  integrityFiles?: FileSetOptions;
}

export interface RunningAppliance {
  core: ApplianceCore;
  server: HttpsServer;
  certificate: () => ServerCertificate;
  /** Writes queued log lines now (readers in the same process, e.g. tests, see every line). */
  flushLogs(): void;
  stop(): Promise<void>;
}

/** Runs the startup sequence; throws ConfigMissingError / ConfigInvalidError before anything is written. */
export async function startAppliance(options: StartOptions): Promise<RunningAppliance> {
  const startedAt = new Date();
  // 1. Configuration.
  const { config, warnings } = loadConfig(options.root);
  const paths = appliancePaths(config);
  // 2. Logging.
  const loggers: Loggers = createLoggers({
    dir: paths.logsDir,
    level: config.LOGGING_LEVEL,
    rotateBytes: config.LOGGING_ROTATE_SIZE,
    rotateFiles: config.LOGGING_ROTATE_FILES,
    console: config.LOGGING_CONSOLE_ENABLED,
    consoleWrite: options.consoleWrite,
    ...(config.LOGGING_AUDIT_SYSLOG_HOST === ""
      ? {}
      : {
          auditSyslog: {
            host: config.LOGGING_AUDIT_SYSLOG_HOST,
            port: config.LOGGING_AUDIT_SYSLOG_PORT,
            ...(config.LOGGING_AUDIT_SYSLOG_CA_FILE === "" ? {} : { caPem: readSyslogCa(config) }),
          },
        }),
  });
  const logger = loggers.app;
  try {
    for (const warning of warnings) logger.warn(warning);
    ensureDir(paths.secretsDir, SECRET_DIR_MODE);
    // 3. Default profiles (profiles/_default/ → profiles/).
    const profiles = syncDefaultProfiles(paths.profilesDir);
    if (profiles.updated.length > 0)
      logger.info({ profiles: profiles.updated }, "default profiles installed or updated");
    // 4. Integrity (the default profiles just copied are the binary's own, not tampering).
    const integrity = checkIntegrityAtStart({
      config,
      files: options.integrityFiles ?? { binary: runningBinary(), unitFile: SYSTEMD_UNIT_FILE },
      logger,
      audit: loggers.audit,
      rewrittenBeforeCheck: profiles.written,
    });
    // 5. TLS: the appliance CA (made once), then the server certificate it signs.
    const commonName = new URL(config.AUTH_ISSUER).hostname || hostname();
    const ca = ensureApplianceCa({ certPath: paths.caCert, keyPath: paths.caKey, label: commonName });
    if (ca.action === "generated") {
      const fingerprint = sha256Fingerprint(ca.certPem);
      loggers.audit.event("tls.ca.generated", { path: paths.caCert, sha256: fingerprint, reason: ca.reason });
      logger.info({ path: paths.caCert, sha256: fingerprint, reason: ca.reason }, "appliance CA created");
    }
    const certificateOptions = () => ({
      ca,
      certPath: paths.tlsCert,
      keyPath: paths.tlsKey,
      caSigned:
        config.TLS_CA_SIGNED_CERT_FILE !== ""
          ? {
              certPath: resolveFromRoot(config, config.TLS_CA_SIGNED_CERT_FILE),
              keyPath: resolveFromRoot(config, config.TLS_CA_SIGNED_KEY_FILE),
            }
          : undefined,
      sans: sansFor(config.MCP_SERVER_SECURITY_ALLOWED_HOSTS, [new URL(config.AUTH_ISSUER).host]),
      commonName,
    });
    let certificate = ensureServerCertificate(certificateOptions());
    if (certificate.action !== "kept")
      loggers.audit.event("tls.certificate", {
        action: certificate.action,
        reason: certificate.reason,
        notAfter: certificate.notAfter.toISOString(),
      });
    logger.info(
      {
        source: certificate.source,
        action: certificate.action,
        reason: certificate.reason,
        notAfter: certificate.notAfter,
      },
      "TLS certificate ready",
    );
    // 6. RSA key pair.
    const keys = await ensureRsaKeyPair({
      privatePath: paths.rsaPrivateKey,
      publicPath: paths.rsaPublicKey,
      bits: Number(config.AUTH_RSA_KEY_SIZE),
    });
    logger.info({ generated: keys.generated, bits: keys.modulusBits }, "RSA key pair ready");
    // 6b. Credential vault: its master key (made once), and files of the earlier format re-sealed under it.
    const vault = migrateVaults(paths.clientsDir, paths.secretsDir);
    for (const [client, files] of Object.entries(vault.migrated)) {
      loggers.audit.event("vault.migrated", { client, files });
      logger.info({ client, files }, "credential vault re-encrypted under the server's master key");
    }
    if (vault.failed > 0)
      logger.warn(
        { files: vault.failed },
        "vault files of the earlier format did not decrypt; they were left as they are",
      );
    const rewritten = [
      ...(certificate.action === "kept" ? [] : [certificate.certPath]),
      ...(ca.action === "generated" ? [paths.caCert] : []),
    ];
    integrity.afterKeys(keys, rewritten, keys.generated);
    const cleanups: Array<() => void | Promise<void>> = [];
    const core: ApplianceCore = {
      config,
      paths,
      logger,
      audit: loggers.audit,
      keys,
      startedAt,
      onStop: (cleanup) => cleanups.push(cleanup),
    };
    // 7. Clients: synchronised by the auth layer when it mounts.
    const app = createApp({
      guard: {
        enabled: config.MCP_SERVER_SECURITY_TRANSPORT_ENABLED,
        allowedHosts: config.MCP_SERVER_SECURITY_ALLOWED_HOSTS,
        allowedOrigins: config.MCP_SERVER_SECURITY_ALLOWED_ORIGINS,
      },
      logger,
      audit: loggers.audit,
      health: () => ({
        status: "ok",
        version: VERSION,
        uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
        authMode: config.AUTH_MODE,
        tls: { source: certificate.source, notAfter: certificate.notAfter.toISOString() },
      }),
    });
    for (const layer of options.layers ?? []) await layer(app, core);
    // 9. HTTPS.
    const server = startHttpsServer({
      app,
      hostname: config.MCP_SERVER_HOST,
      port: options.portOverride ?? config.MCP_SERVER_PORT,
      tls: certificate,
      idleTimeoutSeconds: options.idleTimeoutSeconds,
    });
    // 8. Watchdogs (started once the listener exists, so a renewal can swap its certificate).
    const watchdogs: Watchdogs = startWatchdogs({
      logger,
      tasks: [
        {
          name: "certificate",
          everyMs: 3_600_000,
          run: () => {
            if (!needsRenewal(certificate)) return;
            certificate = ensureServerCertificate(certificateOptions());
            server.replaceCertificate(certificate);
            integrity.refresh(keys, [certificate.certPath]);
            loggers.audit.event("tls.renewed", { notAfter: certificate.notAfter.toISOString() });
            logger.info({ notAfter: certificate.notAfter }, "TLS certificate renewed at mid-life");
          },
        },
        {
          name: "integrity",
          everyMs: config.INTEGRITY_CHECK_INTERVAL_HOURS * 3_600_000,
          run: () => void integrity.sweep(),
        },
      ],
    });
    logger.info({ url: `${server.url}${config.MCP_SERVER_URL_PATH}`, version: VERSION }, "AI-Bridge listening");
    loggers.audit.event("server.started", { version: VERSION, port: server.port });
    loggers.flush();
    let stopped = false;
    return {
      core,
      server,
      certificate: () => certificate,
      flushLogs: () => loggers.flush(),
      async stop() {
        if (stopped) return;
        stopped = true;
        watchdogs.stop();
        await server.stop();
        for (const cleanup of cleanups.reverse()) {
          try {
            await cleanup();
          } catch (error) {
            logger.warn({ err: error }, "cleanup at shutdown failed");
          }
        }
        loggers.audit.event("server.stopped", {});
        logger.info("AI-Bridge stopped");
        loggers.close();
      },
    };
  } catch (error) {
    // A failed start must not leave log files open (or half-written): record why and close them.
    logger.error({ err: error }, "startup failed");
    loggers.close();
    throw error;
  }
}

/** The syslog receiver's CA; a missing or unreadable file stops the start with the key named. */
function readSyslogCa(config: Config): string {
  const file = resolveFromRoot(config, config.LOGGING_AUDIT_SYSLOG_CA_FILE);
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigInvalidError(envPathFor(config.root), [
      {
        key: "LOGGING_AUDIT_SYSLOG_CA_FILE",
        message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`,
        allowed: "a readable PEM file with the CA of the syslog receiver, or empty for the system's CAs",
      },
    ]);
  }
}
