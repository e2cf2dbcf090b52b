/**
 * `ai-bridge upgrade NEW_BINARY` (docs/operations.md, "Upgrade"), run as root with the installed
 * binary. In order:
 * 1. the new binary must run and answer `version` like an AI-Bridge build;
 * 2. the installation must match its integrity manifest (the manifest is re-signed afterwards,
 *    which must not accept an unreviewed change), unless the operator accepts the listed changes;
 * 3. a backup (reason "upgrade") into BACKUP_DIR;
 * 4. the binary is swapped atomically (copy beside it, rename over it); the old one is kept as
 *    `<binary>.previous`;
 * 5. the new binary's `setup --non-interactive` rewrites PROJECT_NAME / PROJECT_VERSION /
 *    PROJECT_CREATOR (nothing else changes) and its `integrity sign` re-signs the manifest;
 * 6. under systemd the unit is restarted and must answer /health within the timeout; otherwise
 *    the previous binary is put back the same way (PROJECT_* and manifest too) and restarted.
 */
import {
  chmodSync,
  chownSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  statSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { createBackup } from "../backup/service.ts";
import { loadConfig } from "../config/load.ts";
import { runningBinary, SYSTEMD_UNIT_FILE } from "../integrity/file-set.ts";
import { describeChanges, loadIntegrityKeys, manifestExists, verifyManifest } from "../integrity/manifest.ts";
import type { AuditLog } from "../logging/logger.ts";
import { UPGRADE_PATTERNS } from "../util/patterns.ts";
import { probeHealth } from "./health-probe.ts";
import { appliancePaths } from "./paths.ts";
import { restartUnit, unitActive } from "./systemd.ts";

/** An upgrade that did not start; nothing was changed. */
export class UpgradeRefused extends Error {
  override readonly name = "UpgradeRefused";
}

export interface UpgradeOptions {
  root: string;
  newBinary: string;
  /** Seconds the restarted server has to answer /health before the old binary is put back. */
  healthTimeoutSeconds: number;
  restart: boolean;
  acceptChanges: boolean;
  audit: AuditLog;
  say: (line: string) => void;
}

export interface UpgradeOutcome {
  status: "upgraded" | "installed, not restarted" | "rolled back";
  from: string;
  to: string;
  backup: string;
  previous: string;
}

/** What a binary says it is (`version`), or why it cannot be used. */
function versionOf(binary: string): string {
  let code: number | null;
  let text: string;
  try {
    const proc = Bun.spawnSync([binary, "version"], { stdout: "pipe", stderr: "pipe", timeout: 30_000 });
    code = proc.exitCode;
    text = proc.stdout.toString().trim();
  } catch (error) {
    throw new UpgradeRefused(`${binary} does not run: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (code !== 0 || !UPGRADE_PATTERNS.versionLine.test(text)) {
    throw new UpgradeRefused(
      `${binary} is not a working AI-Bridge binary: \`version\` exited ${code} and printed "${text.slice(0, 120)}"`,
    );
  }
  return text;
}

/** Runs the installed binary with `args` against the root; throws with its error output on failure. */
function runInstalled(binary: string, root: string, args: string[]): void {
  const proc = Bun.spawnSync([binary, "--root", root, ...args], { stdout: "pipe", stderr: "pipe", timeout: 300_000 });
  if (proc.exitCode !== 0) {
    throw new Error(
      `\`ai-bridge ${args.join(" ")}\` failed: ${proc.stderr.toString().trim() || `exit ${proc.exitCode}`}`,
    );
  }
}

/** Copies `source` beside `target` with `target`'s mode and owner, flushes it, renames it over `target`. */
function replaceAtomically(source: string, target: string, like: { mode: number; uid: number; gid: number }): void {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.new`);
  copyFileSync(source, temp);
  chmodSync(temp, like.mode & 0o7777);
  if (process.getuid?.() === 0) chownSync(temp, like.uid, like.gid);
  const fd = openSync(temp, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, target);
}

async function healthyWithin(root: string, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    // Re-read each time: the new binary's setup may have rewritten .env.
    const answer = await probeHealth(loadConfig(root).config, 3000);
    if (answer.ok) return true;
    await Bun.sleep(1000);
  }
  return false;
}

export async function upgrade(options: UpgradeOptions): Promise<UpgradeOutcome> {
  const { root, audit, say } = options;
  const installed = runningBinary();
  if (installed === undefined) {
    throw new UpgradeRefused(
      "run upgrade with the installed binary (e.g. /opt/ai-bridge/bin/ai-bridge), not from source",
    );
  }
  if (!existsSync(options.newBinary) || !statSync(options.newBinary).isFile()) {
    throw new UpgradeRefused(`${options.newBinary} is not a file`);
  }
  const before = statSync(installed);
  if (statSync(options.newBinary).ino === before.ino)
    throw new UpgradeRefused(`${options.newBinary} is the installed binary itself`);
  const from = versionOf(installed);
  const to = versionOf(options.newBinary);
  const { config } = loadConfig(root);

  // 2. Nothing unreviewed gets signed.
  const keys = loadIntegrityKeys(config);
  if (keys !== undefined && manifestExists(config)) {
    const report = verifyManifest({ config, files: { binary: installed, unitFile: SYSTEMD_UNIT_FILE } }, keys);
    if (report.status !== "intact") {
      const changes = describeChanges(report).join("; ");
      if (!options.acceptChanges) {
        throw new UpgradeRefused(
          `the installation does not match its integrity manifest (${changes}); review the changes, then run ` +
            "`ai-bridge integrity sign` or upgrade with --accept-changes",
        );
      }
      audit.event("integrity.alert", {
        when: "upgrade",
        status: report.status,
        changes: report.changes,
        accepted: true,
      });
      say(`accepting integrity changes: ${changes}`);
    }
  }

  // Asked once, before anything stops: after a failed restart the unit is no longer active.
  const restart = options.restart && unitActive();

  // 3. Backup.
  const made = await createBackup({ config, audit, reason: "upgrade" });
  const owner = statSync(appliancePaths(config).env);
  if (process.getuid?.() === 0) for (const file of [made.path, made.sidecarPath]) chownSync(file, owner.uid, owner.gid);
  say(`backup: ${made.path}`);

  // 4. Swap, keeping the old binary for a roll-back.
  const previous = `${installed}.previous`;
  replaceAtomically(installed, previous, before);
  replaceAtomically(options.newBinary, installed, before);
  audit.event("upgrade.installed", { from, to, binary: installed, previous, backup: made.name });
  say(`installed ${to} (was ${from}); the previous binary is ${previous}`);

  // 5. PROJECT_* and the manifest, by the new binary.
  const settle = () => {
    runInstalled(installed, root, ["setup", "--non-interactive"]);
    runInstalled(installed, root, ["integrity", "sign"]);
  };
  const rollBack = async (why: string): Promise<UpgradeOutcome> => {
    replaceAtomically(previous, installed, before);
    settle();
    audit.event("upgrade.rolled_back", { from: to, to: from, reason: why });
    say(`rolled back to ${from}: ${why}`);
    if (restart) {
      const problem = restartUnit();
      const back = problem === undefined && (await healthyWithin(root, options.healthTimeoutSeconds));
      say(
        back
          ? "the previous binary answers /health again"
          : "the previous binary does not answer /health either: check journalctl -u ai-bridge",
      );
    }
    return { status: "rolled back", from, to, backup: made.path, previous };
  };
  try {
    settle();
  } catch (error) {
    return rollBack(error instanceof Error ? error.message : String(error));
  }

  // 6. Restart and check, or leave the restart to the operator.
  if (!restart) {
    audit.event("upgrade.done", { from, to, restarted: false });
    return { status: "installed, not restarted", from, to, backup: made.path, previous };
  }
  const problem = restartUnit();
  if (problem !== undefined) return rollBack(`systemctl restart failed: ${problem}`);
  if (!(await healthyWithin(root, options.healthTimeoutSeconds))) {
    return rollBack(`no answer on /health within ${options.healthTimeoutSeconds} s after the restart`);
  }
  audit.event("upgrade.done", { from, to, restarted: true });
  return { status: "upgraded", from, to, backup: made.path, previous };
}
