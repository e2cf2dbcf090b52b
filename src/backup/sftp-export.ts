/**
 * Copies the local archives to an SFTP server with ssh2's own SFTP client. The host key is
 * pinned by BACKUP_SFTP_KNOWN_HOSTS: with no entry for the destination nothing connects at
 * all, and a key that is not pinned ends the connection during the key exchange, before the
 * first authentication request, so no credential ever reaches an unverified server.
 *
 * Every complete local archive the server lacks is sent (so an export that failed is caught
 * up at the next run), the newest first, each under a temporary name renamed when complete;
 * the sidecar goes last, so a remote archive with its sidecar is a complete one. Then remote
 * retention keeps the newest BACKUP_SFTP_RETENTION archives.
 */
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { basename, posix } from "node:path";
import { Client, type ConnectConfig, type SFTPWrapper } from "ssh2";
import { appliancePaths } from "../appliance/paths.ts";
import { resolveFromRoot } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { AuditLog } from "../logging/logger.ts";
import { ARCHIVE_PREFIX, compareArchiveNames } from "./archive-file.ts";
import { ARCHIVE_SUFFIX, BackupError, SIDECAR_SUFFIX } from "./format.ts";
import { hostKeyAlgorithms, isPinned, pinsFor } from "./known-hosts.ts";
import { keyringOf } from "./service.ts";
import { decryptSftpPassword, type SftpDestination } from "./sftp-password.ts";
import { listBackups } from "./store.ts";

const READY_TIMEOUT_MS = 20_000;
const REMOTE_PARTIAL_PREFIX = ".partial-";

export interface ExportResult {
  uploaded: string[];
  pruned: string[];
}

function destinationOf(config: Config): SftpDestination {
  return { host: config.BACKUP_SFTP_HOST, port: config.BACKUP_SFTP_PORT, user: config.BACKUP_SFTP_USER };
}

/** Credentials for the configured method; read only after the host key check is set up. */
function credentials(config: Config): Pick<ConnectConfig, "privateKey" | "password"> {
  if (config.BACKUP_SFTP_AUTH === "password")
    return { password: decryptSftpPassword(keyringOf(config), destinationOf(config), config.BACKUP_SFTP_PASSWORD_ENC) };
  const path = resolveFromRoot(config, config.BACKUP_SFTP_KEY_FILE);
  if (!existsSync(path))
    throw new BackupError(`BACKUP_SFTP_KEY_FILE ${path} does not exist; put the SSH private key there (mode 600)`);
  return { privateKey: readFileSync(path) };
}

function connect(config: Config): Promise<{ client: Client; sftp: SFTPWrapper }> {
  const to = destinationOf(config);
  const knownHostsPath = resolveFromRoot(config, config.BACKUP_SFTP_KNOWN_HOSTS);
  const text = existsSync(knownHostsPath) ? readFileSync(knownHostsPath, "utf8") : "";
  const pins = pinsFor(text, to.host, to.port);
  if (pins.keys.length === 0)
    throw new BackupError(
      `no host key for ${to.port === 22 ? to.host : `[${to.host}]:${to.port}`} in ${knownHostsPath}; nothing was sent. ` +
        `Add it with: ssh-keyscan -p ${to.port} ${to.host} >> ${knownHostsPath} (compare the fingerprint out of band)`,
    );
  const auth = credentials(config);
  return new Promise((resolve, reject) => {
    const client = new Client();
    let rejectedKey = false;
    const fail = (error: Error) => {
      client.end();
      reject(
        rejectedKey
          ? new BackupError(
              `the host key of ${to.host}:${to.port} does not match ${knownHostsPath}; the connection was closed ` +
                "before any credential was sent (a changed server key, or someone in between)",
            )
          : error instanceof BackupError
            ? error
            : new BackupError(`SFTP to ${to.user}@${to.host}:${to.port} failed: ${error.message}`),
      );
    };
    client.on("error", fail);
    client.on("ready", () => {
      client.sftp((error, sftp) => {
        if (error) fail(error);
        else resolve({ client, sftp });
      });
    });
    client.connect({
      host: to.host,
      port: to.port,
      username: to.user,
      readyTimeout: READY_TIMEOUT_MS,
      // A server that stops answering mid-transfer ends the export (and frees the schedule) instead of hanging it.
      keepaliveInterval: 15_000,
      keepaliveCountMax: 4,
      algorithms: { serverHostKey: hostKeyAlgorithms(pins) as never },
      hostVerifier: (key: Buffer) => {
        const ok = isPinned(pins, key);
        if (!ok) rejectedKey = true;
        return ok;
      },
      ...auth,
    });
  });
}

function call<T>(run: (done: (error: Error | undefined | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));
}

async function ensureRemoteDir(sftp: SFTPWrapper, dir: string) {
  let at = dir.startsWith("/") ? "/" : "";
  for (const part of dir.split("/").filter((p) => p !== "")) {
    at = at === "" || at.endsWith("/") ? `${at}${part}` : `${at}/${part}`;
    const exists = await call<unknown>((done) => sftp.stat(at, done)).then(
      () => true,
      () => false,
    );
    if (!exists) await call((done) => sftp.mkdir(at, { mode: 0o700 }, done));
  }
}

async function upload(sftp: SFTPWrapper, local: string, remoteDir: string) {
  const name = basename(local);
  const temp = posix.join(remoteDir, `${REMOTE_PARTIAL_PREFIX}${name}`);
  const target = posix.join(remoteDir, name);
  await new Promise<void>((resolve, reject) => {
    const out = sftp.createWriteStream(temp, { mode: 0o600 });
    const input = createReadStream(local);
    input.on("error", reject);
    out.on("error", reject);
    out.on("close", () => resolve());
    input.pipe(out);
  });
  const sent = await call<{ size: number }>((done) => sftp.stat(temp, done));
  const size = statSync(local).size;
  if (sent.size !== size)
    throw new BackupError(
      `${name} arrived with ${sent.size} of ${size} bytes on the SFTP server; it is sent again next time`,
    );
  await call((done) => sftp.unlink(target, () => done(undefined)));
  await call((done) => sftp.rename(temp, target, done));
}

/** Sends what the server lacks, applies remote retention; throws BackupError on any failure. */
async function exportBackups(config: Config): Promise<ExportResult> {
  const { client, sftp } = await connect(config);
  try {
    const remoteDir = config.BACKUP_SFTP_REMOTE_PATH.replace(/\/+$/, "") || "/";
    await ensureRemoteDir(sftp, remoteDir);
    const listRemote = async () =>
      (await call<Array<{ filename: string; attrs: { size: number } }>>((done) => sftp.readdir(remoteDir, done))).map(
        (e) => ({ name: e.filename, size: e.attrs.size }),
      );
    const remote = await listRemote();
    const complete = (name: string) =>
      remote.some((e) => e.name === `${name}${SIDECAR_SUFFIX}`) && remote.some((e) => e.name === name);
    const local = listBackups(appliancePaths(config).backupsDir)
      .filter((b) => b.complete)
      .slice(-config.BACKUP_SFTP_RETENTION)
      .reverse();
    const uploaded: string[] = [];
    for (const backup of local) {
      if (complete(backup.name)) continue;
      await upload(sftp, backup.path, remoteDir);
      await upload(sftp, `${backup.path}${SIDECAR_SUFFIX}`, remoteDir);
      uploaded.push(backup.name);
    }
    const after = await listRemote();
    const archives = after
      .map((e) => e.name)
      .filter((n) => n.startsWith(ARCHIVE_PREFIX) && n.endsWith(ARCHIVE_SUFFIX))
      .sort(compareArchiveNames);
    const doomed = archives.slice(0, Math.max(archives.length - config.BACKUP_SFTP_RETENTION, 0));
    const leftovers = after.map((e) => e.name).filter((n) => n.startsWith(REMOTE_PARTIAL_PREFIX));
    for (const name of [...doomed.flatMap((n) => [n, `${n}${SIDECAR_SUFFIX}`]), ...leftovers])
      await call((done) => sftp.unlink(posix.join(remoteDir, name), () => done(undefined)));
    return { uploaded, pruned: doomed };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      `SFTP export to ${config.BACKUP_SFTP_HOST}:${config.BACKUP_SFTP_PORT} failed: ${(error as Error).message}`,
    );
  } finally {
    client.end();
  }
}

/**
 * The export after a backup, when BACKUP_SFTP_HOST is set (undefined when it is not). Success and
 * failure are audited; a failure is rethrown for the caller to report, and what was not sent is
 * sent by the next export.
 */
export async function exportIfConfigured(config: Config, audit: AuditLog): Promise<ExportResult | undefined> {
  if (config.BACKUP_SFTP_HOST === "") return undefined;
  const destination = `${config.BACKUP_SFTP_USER}@${config.BACKUP_SFTP_HOST}:${config.BACKUP_SFTP_PORT}`;
  try {
    const result = await exportBackups(config);
    audit.event("backup.exported", { destination, uploaded: result.uploaded, remotePruned: result.pruned });
    return result;
  } catch (error) {
    audit.event("backup.export_failed", { destination, error: (error as Error).message });
    throw error;
  }
}
