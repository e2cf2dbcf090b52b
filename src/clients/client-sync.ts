/**
 * Startup synchronisation of clients/ against AUTH_CLIENTS (docs/authentication.md,
 * "What happens at every start"): a new client gets its directory, secrets/.uuid, reports/, custom/ and
 * credentials; an existing client keeps a valid token and gets an invalid one renewed; a
 * directory whose client is no longer configured is purged with everything in it.
 */
import { randomUUID } from "node:crypto";
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { ensureDir, SECRET_DIR_MODE, SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import type { AuditLog } from "../logging/logger.ts";
import type { ResolvedClient } from "./client-modes.ts";
import { type ClientPaths, clientPaths } from "./client-paths.ts";

/** How the credentials of one client are brought up to date (supplied by the auth layer). */
export interface CredentialSteps {
  /** Makes sure the client's credentials exist and are valid; `created` is true for a new client. */
  ensure(client: ResolvedClient, paths: ClientPaths, created: boolean): Promise<void>;
  /** Called after a client's directory was purged: none of its tokens may work again. */
  purged?(name: string): void;
}

/** Which clients were created, kept and purged by one synchronisation. */
export interface SyncReport {
  created: string[];
  kept: string[];
  purged: string[];
}

/** Inputs of one synchronisation. */
export interface SyncOptions {
  clientsDir: string;
  clients: readonly ResolvedClient[];
  credentials: CredentialSteps;
  audit: AuditLog;
}

/** Runs the lifecycle table once; the order is purge, then create/keep. */
export async function syncClients(options: SyncOptions): Promise<SyncReport> {
  ensureDir(options.clientsDir, 0o755);
  const wanted = new Set(options.clients.map((client) => client.name));
  const report: SyncReport = { created: [], kept: [], purged: [] };
  for (const entry of readdirSync(options.clientsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || wanted.has(entry.name)) continue;
    rmSync(clientPaths(options.clientsDir, entry.name).dir, { recursive: true, force: true });
    options.credentials.purged?.(entry.name);
    options.audit.event("client.purged", { client: entry.name });
    report.purged.push(entry.name);
  }
  for (const client of options.clients) {
    const paths = clientPaths(options.clientsDir, client.name);
    const created = !existsSync(paths.dir);
    ensureLayout(paths);
    await options.credentials.ensure(client, paths, created);
    if (created) {
      options.audit.event("client.created", { client: client.name, profile: client.profile, mode: client.mode });
      report.created.push(client.name);
    } else {
      report.kept.push(client.name);
    }
  }
  return report;
}

/** Directories and the stable .uuid (rewritten only when missing or not a UUID). */
function ensureLayout(paths: ClientPaths): void {
  ensureDir(paths.dir, 0o755);
  ensureDir(paths.secretsDir, SECRET_DIR_MODE);
  chmodSync(paths.secretsDir, SECRET_DIR_MODE);
  ensureDir(paths.reportsDir, 0o755);
  ensureDir(paths.customDir, 0o755);
  const current = existsSync(paths.uuid) ? readFileSync(paths.uuid, "utf8").trim() : "";
  if (current.length !== 36) writeFileAtomic(paths.uuid, `${randomUUID()}\n`, { mode: SECRET_FILE_MODE });
}
