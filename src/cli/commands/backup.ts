/**
 * `ai-bridge backup now|list|verify FILE|restore FILE --to DIR`: encrypted backups of the
 * installation on demand, what the backup folder holds, and the checks (sidecar, wrapped key,
 * GCM tag) that run before a single restored byte is written. Every action is audited.
 */
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { appliancePaths } from "../../appliance/paths.ts";
import { BackupError } from "../../backup/format.ts";
import { restoreBackup, verifyBackup } from "../../backup/restore.ts";
import { createBackup, keyringOf } from "../../backup/service.ts";
import { type ExportResult, exportIfConfigured } from "../../backup/sftp-export.ts";
import { listBackups } from "../../backup/store.ts";
import { loadConfig } from "../../config/load.ts";
import type { Config } from "../../config/schema.ts";
import { stringOption, UsageError } from "../args.ts";
import { auditFromCli } from "../cli-audit.ts";
import type { Command, CommandContext } from "../command.ts";
import { runAsOwnerOf } from "../run-as-owner.ts";

const ACTIONS = ["now", "list", "verify", "restore", "export"] as const;
type Action = (typeof ACTIONS)[number];
type AuditEvents = Array<[string, Record<string, unknown>]>;

/** A bare archive name is looked up in BACKUP_DIR; anything else is a path. */
function archivePath(config: Config, ctx: CommandContext, file: string): string {
  if (!file.includes("/") && !isAbsolute(file)) {
    const stored = join(appliancePaths(config).backupsDir, file);
    if (existsSync(stored)) return stored;
  }
  return resolve(ctx.root, file);
}

function mib(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(2)} MiB`;
}

/** Runs the SFTP export when one is configured; a failure is reported, and retried by the next backup. */
async function exportAfter(
  config: Config,
  audit: { event(type: string, fields?: Record<string, unknown>): void },
  ctx: CommandContext,
  kept: string,
): Promise<number> {
  let result: ExportResult | undefined;
  try {
    result = await exportIfConfigured(config, audit);
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    ctx.err(`ai-bridge backup: SFTP export failed: ${error.message}; ${kept}, and the export is retried next time`);
    return 1;
  }
  if (result === undefined) return 0;
  const to = `${config.BACKUP_SFTP_USER}@${config.BACKUP_SFTP_HOST}:${config.BACKUP_SFTP_PORT}`;
  ctx.out(
    `Exported to ${to}: ${result.uploaded.length === 0 ? "nothing new" : result.uploaded.join(", ")}` +
      (result.pruned.length > 0 ? `; removed there by BACKUP_SFTP_RETENTION: ${result.pruned.join(", ")}` : ""),
  );
  return 0;
}

async function run(action: Action, file: string | undefined, args: Parameters<Command["run"]>[0], ctx: CommandContext) {
  const { config } = loadConfig(ctx.root);
  const paths = appliancePaths(config);
  const events: AuditEvents = [];
  try {
    if (action === "now") {
      runAsOwnerOf(paths.env);
      const audit = { event: (type: string, fields: Record<string, unknown> = {}) => events.push([type, fields]) };
      const made = await createBackup({ config, audit, reason: "manual" });
      ctx.out(`Backup written: ${made.path} (${mib(made.bytes)}, ${made.contents.files} files)`);
      ctx.out(`Sidecar: ${made.sidecarPath}`);
      if (made.pruned.length > 0)
        ctx.out(`Removed by BACKUP_RETENTION=${config.BACKUP_RETENTION}: ${made.pruned.join(", ")}`);
      return await exportAfter(config, audit, ctx, "the backup is kept locally");
    }
    if (action === "export") {
      if (config.BACKUP_SFTP_HOST === "")
        throw new UsageError("BACKUP_SFTP_HOST is not set: there is nowhere to export to");
      const audit = { event: (type: string, fields: Record<string, unknown> = {}) => events.push([type, fields]) };
      return await exportAfter(config, audit, ctx, "nothing was lost locally");
    }
    if (action === "list") {
      const backups = listBackups(paths.backupsDir);
      if (backups.length === 0) ctx.out(`No backups in ${paths.backupsDir}.`);
      for (const b of backups)
        ctx.out(
          b.complete
            ? `${b.name}  ${mib(b.bytes)}  ${b.modifiedAt.toISOString()}`
            : `${b.name}  INCOMPLETE: ${b.problem}; not restorable, removed by the next backup`,
        );
      return 0;
    }
    if (file === undefined) throw new UsageError(`expected: backup ${action} FILE`);
    const path = archivePath(config, ctx, file);
    if (action === "verify") {
      try {
        const summary = await verifyBackup(path, keyringOf(config));
        events.push(["backup.verified", { archive: summary.name, files: summary.files }]);
        ctx.out(
          `${summary.name}: OK (sidecar SHA-512, wrapped key, AES-GCM tag; ${summary.files} files, ` +
            `${summary.directories} folders, ${summary.symlinks} links, ${mib(summary.contentBytes)} of content)`,
        );
        return 0;
      } catch (error) {
        if (error instanceof BackupError)
          events.push(["backup.verify_failed", { archive: path, error: error.message }]);
        throw error;
      }
    }
    const target = stringOption(args, "to");
    if (target === undefined) throw new UsageError("backup restore needs --to DIR (an empty or new folder)");
    const destination = resolve(ctx.root, target);
    try {
      const summary = await restoreBackup(path, destination, keyringOf(config), {
        overwrite: args.options["overwrite"] === true,
      });
      events.push(["backup.restored", { archive: summary.name, to: destination, files: summary.files }]);
      ctx.out(`${summary.name} restored into ${destination} (${summary.files} files, checked before writing)`);
      return 0;
    } catch (error) {
      if (error instanceof BackupError)
        events.push(["backup.restore_failed", { archive: path, to: destination, error: error.message }]);
      throw error;
    }
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    ctx.err(`ai-bridge backup: ${error.message}`);
    return 1;
  } finally {
    if (events.length > 0) auditFromCli(config, events);
  }
}

/** The `backup` subcommand (listed in registry.ts). */
export const backupCommand: Command = {
  usage: "backup now|list|export|verify FILE|restore FILE --to DIR [--overwrite]",
  description:
    "now writes an encrypted archive of the project root into BACKUP_DIR (AES-256-GCM, key wrapped with\n" +
    "the server's RSA public key, SHA-512 sidecar) and keeps the newest BACKUP_RETENTION. list shows the\n" +
    "archives (an interrupted backup is marked INCOMPLETE). verify checks the sidecar, the wrapped key and\n" +
    "the GCM tag. restore runs the same checks before writing anything, then restores into an empty or new\n" +
    "folder (--overwrite to write into one that has files). FILE is a name in BACKUP_DIR or a path.\n" +
    "When BACKUP_SFTP_HOST is set, now also exports to SFTP (host key pinned by BACKUP_SFTP_KNOWN_HOSTS);\n" +
    "export sends what the SFTP server lacks (after a failed export) and applies BACKUP_SFTP_RETENTION.\n" +
    "Every action is written to audit.log. See docs/backups.md.",
  options: [
    { name: "to", value: "DIR", help: "restore: the folder to restore into (empty or new)" },
    { name: "overwrite", boolean: true, help: "restore: write into a folder that already holds files" },
  ],
  async run(args, ctx) {
    const [action, file, ...extra] = args.positionals;
    if (!ACTIONS.includes(action as Action) || extra.length > 0)
      throw new UsageError(`expected: backup ${ACTIONS.join("|")} [FILE] …`);
    if ((action === "now" || action === "list" || action === "export") && file !== undefined)
      throw new UsageError(`backup ${action} takes no file`);
    return run(action as Action, file, args, ctx);
  },
};
