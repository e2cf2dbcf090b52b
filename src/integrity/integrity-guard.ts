/**
 * The integrity check of the running server: at start (before the certificate and key steps,
 * which may rewrite files the manifest covers) and every INTEGRITY_CHECK_INTERVAL_HOURS from
 * the watchdog. A mismatch is an `integrity.alert` audit event naming the files and, for .env,
 * the changed keys; INTEGRITY_ON_MISMATCH=refuse makes it stop the start instead of warning.
 * Files the server rewrites itself (the default profiles copied at start, a renewed certificate)
 * have their entries refreshed, so they are not reported as tampering.
 */
import type { KeyObject } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config/schema.ts";
import type { AuditLog } from "../logging/logger.ts";
import { openDigestCache } from "./digest-cache.ts";
import type { FileSetOptions } from "./file-set.ts";
import {
  describeChanges,
  digestCachePath,
  type IntegrityKeys,
  type IntegrityReport,
  type IntegrityTarget,
  loadIntegrityKeys,
  manifestExists,
  refreshEntries,
  signManifest,
  verifyManifest,
} from "./manifest.ts";

/** The start was refused because the installation does not match its signed manifest. */
class IntegrityRefusedError extends Error {
  override readonly name = "IntegrityRefusedError";
}

export interface IntegrityGuardOptions {
  config: Config;
  files: FileSetOptions;
  logger: Logger;
  audit: AuditLog;
  /** Files the start rewrote before the check (the default profiles). */
  rewrittenBeforeCheck: string[];
}

export interface IntegrityGuard {
  /** What the start-up check found. */
  readonly atStart: IntegrityReport;
  /** After the key and certificate steps: signs a first manifest, or refreshes what the server rewrote. */
  afterKeys(keys: Required<IntegrityKeys>, rewritten: string[], keysGenerated: boolean): void;
  /** Refreshes entries of files the running server rewrote (a renewed certificate). */
  refresh(keys: Required<IntegrityKeys>, rewritten: string[]): void;
  /** One watchdog sweep (keys read afresh: they may have been rotated): checks, alerts unless intact. */
  sweep(): IntegrityReport;
}

/** Runs the start-up check; throws IntegrityRefusedError when INTEGRITY_ON_MISMATCH=refuse and it fails. */
export function checkIntegrityAtStart(options: IntegrityGuardOptions): IntegrityGuard {
  const { config, logger, audit } = options;
  const target: IntegrityTarget = { config, files: options.files };
  const alert = (report: IntegrityReport, when: string) => {
    audit.event("integrity.alert", {
      when,
      status: report.status,
      files: report.changes.map((c) => c.file),
      changes: report.changes,
      ...(report.reason === undefined ? {} : { reason: report.reason }),
    });
    logger.error({ status: report.status, changes: describeChanges(report) }, "integrity check failed");
  };
  const existingKeys = loadIntegrityKeys(config);
  // The start-up check (and a manifest signed at start) digests the binary through the cache
  // MACed with the server's key; the watchdog and the CLI hash every file.
  const cachedWith = (privateKey: KeyObject): IntegrityTarget => ({
    ...target,
    binaryDigests: openDigestCache(digestCachePath(config), privateKey),
  });
  const startTarget = existingKeys?.privateKey === undefined ? target : cachedWith(existingKeys.privateKey);
  let atStart: IntegrityReport;
  let signAfterKeys = false;
  if (existingKeys === undefined) {
    // No key yet: a first start signs once the key exists; a manifest without its key is an alert.
    atStart = { status: "missing", changes: [] };
    if (manifestExists(config)) {
      atStart = { status: "untrusted", changes: [], reason: "the RSA public key that signed it is gone" };
      alert(atStart, "start");
    }
    signAfterKeys = true;
  } else {
    if (existingKeys.privateKey !== undefined && options.rewrittenBeforeCheck.length > 0) {
      refreshEntries(startTarget, existingKeys as Required<IntegrityKeys>, options.rewrittenBeforeCheck);
    }
    atStart = verifyManifest(startTarget, existingKeys);
    if (atStart.status === "missing") signAfterKeys = true;
    if (atStart.status !== "intact") alert(atStart, "start");
    else logger.info({ signedAt: atStart.signedAt }, "integrity manifest verified");
  }
  if (atStart.status !== "intact" && !(existingKeys === undefined && atStart.status === "missing")) {
    if (config.INTEGRITY_ON_MISMATCH === "refuse") {
      throw new IntegrityRefusedError(
        `integrity check failed (${describeChanges(atStart).join("; ")}); INTEGRITY_ON_MISMATCH=refuse stops the start. ` +
          "Review the changes, then run: ai-bridge integrity sign",
      );
    }
    logger.warn("starting despite the integrity mismatch (INTEGRITY_ON_MISMATCH=warn)");
  }
  return {
    atStart,
    afterKeys(keys, rewritten, keysGenerated) {
      if (signAfterKeys || keysGenerated) {
        // A new key (first start) makes the cache of the next start with that key.
        const count = signManifest(keysGenerated ? cachedWith(keys.privateKey) : startTarget, keys);
        audit.event("integrity.signed", {
          by: "start",
          files: count,
          reason: keysGenerated ? "new key" : "first manifest",
        });
        logger.info({ files: count }, "integrity manifest signed");
      } else if (rewritten.length > 0) refreshEntries(startTarget, keys, rewritten);
    },
    refresh(keys, rewritten) {
      refreshEntries(target, keys, rewritten);
    },
    sweep() {
      const keys = loadIntegrityKeys(config);
      const report: IntegrityReport =
        keys === undefined
          ? { status: "untrusted", changes: [], reason: "the RSA public key is missing or unreadable" }
          : verifyManifest(target, keys);
      if (report.status !== "intact") alert(report, "watchdog");
      return report;
    },
  };
}
