/**
 * The per-client credential vault (the `*_store_credentials` tools, docs/cucm.md): one encrypted file per
 * (product, kind, host) under clients/<name>/secrets/credentials/, written atomically with
 * mode 600. A vault object is bound to ONE client name when it is created (from the
 * authenticated principal); none of its methods takes a client, so a tool cannot reach
 * another client's secrets through it.
 */
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { clientPaths } from "../clients/client-paths.ts";
import { ensureDir, SECRET_DIR_MODE, SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import { type CredentialKind, PRODUCTS, type Product, type ProductCredentials } from "../modules/uc/products.ts";
import { RBAC_PATTERNS } from "../util/patterns.ts";
import { vaultMasterKey } from "./master-key.ts";
import { open, type SealedFile, seal, type VaultBinding, type VaultKeys, VaultTamperError } from "./vault-crypto.ts";

/** The products and the credential kinds each one has (from the product table). */
export const CREDENTIAL_KINDS: ProductCredentials = Object.fromEntries(
  Object.entries(PRODUCTS).map(([name, row]) => [name, row.credentials]),
) as ProductCredentials;
/** A product whose credentials the vault holds. */
export type VaultProduct = Product;
export type { CredentialKind };

/** One stored credential. */
export interface Credential {
  username: string;
  password: string;
  port?: number;
  /** Phone credentials only: screenshots over plain HTTP (the password in clear), set explicitly. */
  plainHttp?: boolean;
  updatedAt: string;
}

/** What a listing shows: never the password. */
export interface CredentialSummary {
  product: VaultProduct;
  kind: CredentialKind;
  host: string;
  username: string;
  port?: number;
  /** A phone credential that allows plain HTTP (never set on other kinds). */
  plainHttp?: boolean;
  updatedAt: string;
  /** false when the file no longer decrypts (tampered or copied): store the credentials again. */
  readable: boolean;
}

/** A vault scoped to one client. */
export interface ScopedVault {
  readonly client: string;
  get(product: VaultProduct, kind: CredentialKind, host: string): Credential | undefined;
  put(product: VaultProduct, kind: CredentialKind, host: string, credential: Omit<Credential, "updatedAt">): void;
  remove(product: VaultProduct, kind: CredentialKind, host: string): boolean;
  list(product?: VaultProduct): CredentialSummary[];
}

export interface VaultOptions {
  clientsDir: string;
  /** The server's secrets directory, where the vault master key lives (never inside clients/). */
  secretsDir: string;
  client: string;
  now?: () => Date;
}

/** Host names are case-insensitive (RFC 4343): one file per host whatever the caller typed. */
export function normaliseHost(host: string): string {
  const h = host.trim().toLowerCase();
  if (!RBAC_PATTERNS.host.test(h) || h.includes("..")) throw new Error(`"${host}" is not a host name or IP address`);
  return h;
}

/** Most credentials one client keeps (one per product, kind and host); a real estate needs far fewer. */
const VAULT_MAX_ENTRIES = 500;
/** Largest credential accepted, as stored (JSON, before encryption). */
const VAULT_MAX_ENTRY_BYTES = 4096;
/** Vault writes (stores, updates, deletes) per client per minute. */
export const VAULT_WRITES_PER_MINUTE = 30;

/** A write the vault refuses: too many writes this minute, too many entries, or an entry too large. */
export class VaultLimitError extends Error {
  override readonly name = "VaultLimitError";
  constructor(
    message: string,
    readonly limit: "rate" | "count" | "size",
    readonly retryAfterSeconds = 0,
  ) {
    super(message);
  }
}

/** Recent write times per vault (clients directory + client), for the per-minute write limit. */
const recentWrites = new Map<string, number[]>();

/** Counts one write of `vaultId`, or throws when the last minute already had the maximum. */
function countWrite(vaultId: string, client: string, t: number): void {
  const kept = (recentWrites.get(vaultId) ?? []).filter((w) => w > t - 60_000);
  if (kept.length >= VAULT_WRITES_PER_MINUTE) {
    const retry = Math.max(1, Math.ceil(((kept[0] as number) + 60_000 - t) / 1000));
    recentWrites.set(vaultId, kept);
    throw new VaultLimitError(
      `Client "${client}" made ${VAULT_WRITES_PER_MINUTE} credential changes in the last minute; retry in ${retry} s`,
      "rate",
      retry,
    );
  }
  kept.push(t);
  recentWrites.set(vaultId, kept);
}

/** Decrypted credentials by file, valid while the file's identity stamp is unchanged. */
const decrypted = new Map<string, { key: string; value: Credential }>();
const DECRYPTED_CACHE_SIZE = 512;

/** inode, size and mtime of a file, or undefined when it does not exist. */
function fileStamp(path: string): string | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  return st === undefined ? undefined : `${st.ino}:${st.size}:${st.mtimeMs}`;
}

function readUuid(uuidPath: string): string {
  if (!existsSync(uuidPath)) {
    // Normally written by the client sync at startup; created here the same way if missing.
    writeFileAtomic(uuidPath, `${crypto.randomUUID()}\n`, { mode: SECRET_FILE_MODE });
  }
  return readFileSync(uuidPath, "utf8").trim();
}

const SEALED_SUFFIX = ".json.enc";

/** The (product, kind, host) a vault file name stands for. */
function parseFileName(name: string): { product: VaultProduct; kind: CredentialKind; host: string } {
  const [product, kind, ...rest] = name.slice(0, -SEALED_SUFFIX.length).split("-") as [
    VaultProduct,
    CredentialKind,
    ...string[],
  ];
  // The file name is the key: host names never contain "_", so "_" maps back to ":" (IPv6).
  return { product, kind, host: rest.join("-").replaceAll("_", ":") };
}

/** Re-seals a format-1 file (key from the .uuid alone) under the master key, atomically, in place. */
function migrateFile(file: string, sealed: SealedFile & { host?: string }, keys: VaultKeys, binding: VaultBinding) {
  const plain = open(keys, binding, sealed);
  const resealed = { ...seal(keys, binding, plain), ...(sealed.host === undefined ? {} : { host: sealed.host }) };
  writeFileAtomic(file, `${JSON.stringify(resealed)}\n`, { mode: SECRET_FILE_MODE });
  return plain;
}

/** What the migration at start did. */
export interface VaultMigration {
  /** Files re-sealed from format 1, per client. */
  migrated: Record<string, number>;
  /** Format-1 files that did not decrypt (left as they are; listed as unreadable). */
  failed: number;
}

/**
 * Re-seals every format-1 vault file of every client under the master key. Runs at start; a
 * file that fails is left untouched (it was unreadable before too), the others are not lost.
 */
export function migrateVaults(clientsDir: string, secretsDir: string): VaultMigration {
  const result: VaultMigration = { migrated: {}, failed: 0 };
  if (!existsSync(clientsDir)) return result;
  const master = vaultMasterKey(secretsDir);
  for (const client of readdirSync(clientsDir).sort()) {
    const paths = clientPaths(clientsDir, client);
    const dir = join(paths.secretsDir, "credentials");
    if (!existsSync(dir) || !existsSync(paths.uuid)) continue;
    const keys: VaultKeys = { master, uuid: readFileSync(paths.uuid, "utf8").trim() };
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith(SEALED_SUFFIX)) continue;
      const file = join(dir, name);
      let sealed: SealedFile & { host?: string };
      try {
        sealed = JSON.parse(readFileSync(file, "utf8")) as SealedFile & { host?: string };
      } catch {
        result.failed++;
        continue;
      }
      if (sealed.v !== 1) continue;
      const { product, kind, host } = parseFileName(name);
      try {
        migrateFile(file, sealed, keys, { client, product, kind, host });
        result.migrated[client] = (result.migrated[client] ?? 0) + 1;
      } catch (error) {
        if (!(error instanceof VaultTamperError)) throw error;
        result.failed++;
      }
    }
  }
  return result;
}

/** Opens the vault of `client` (the principal's client name, never user input). */
export function openVault(options: VaultOptions): ScopedVault {
  const paths = clientPaths(options.clientsDir, options.client);
  const dir = join(paths.secretsDir, "credentials");
  const now = options.now ?? (() => new Date());
  const vaultId = `${options.clientsDir}\n${options.client}`;
  const keys = (): VaultKeys => ({ master: vaultMasterKey(options.secretsDir), uuid: readUuid(paths.uuid) });
  const fileOf = (product: string, kind: string, host: string) =>
    join(dir, `${product}-${kind}-${host.replaceAll(":", "_")}${SEALED_SUFFIX}`);
  const binding = (product: string, kind: string, host: string): VaultBinding => ({
    client: options.client,
    product,
    kind,
    host,
  });
  const read = (product: VaultProduct, kind: CredentialKind, host: string): Credential | undefined => {
    const file = fileOf(product, kind, host);
    const stamp = fileStamp(file);
    if (stamp === undefined) return undefined;
    // Every tool call reads its credential: skip the read, KDF and decryption while neither the
    // sealed file nor the client's .uuid changed (any write renames a new inode into place).
    const key = `${stamp}|${fileStamp(paths.uuid) ?? ""}`;
    const cached = decrypted.get(file);
    if (cached !== undefined && cached.key === key) return { ...cached.value };
    const sealed = JSON.parse(readFileSync(file, "utf8")) as SealedFile & { host?: string };
    // A format-1 file not yet migrated (e.g. read by a command before the server's first start) is migrated now.
    const plain =
      sealed.v === 1
        ? migrateFile(file, sealed, keys(), binding(product, kind, host))
        : open(keys(), binding(product, kind, host), sealed);
    const value = JSON.parse(plain) as Credential;
    if (decrypted.size >= DECRYPTED_CACHE_SIZE) decrypted.delete(decrypted.keys().next().value as string);
    decrypted.set(file, { key, value });
    return { ...value };
  };
  return {
    client: options.client,
    get: (product, kind, host) => read(product, kind, normaliseHost(host)),
    put(product, kind, host, credential) {
      const h = normaliseHost(host);
      const plain = JSON.stringify({ ...credential, updatedAt: now().toISOString() });
      if (Buffer.byteLength(plain) > VAULT_MAX_ENTRY_BYTES)
        throw new VaultLimitError(`The credential is larger than ${VAULT_MAX_ENTRY_BYTES} bytes`, "size");
      const file = fileOf(product, kind, h);
      if (!existsSync(file) && existsSync(dir)) {
        const entries = readdirSync(dir).filter((n) => n.endsWith(SEALED_SUFFIX)).length;
        if (entries >= VAULT_MAX_ENTRIES)
          throw new VaultLimitError(
            `Client "${options.client}" already keeps ${VAULT_MAX_ENTRIES} credentials; delete unused ones first`,
            "count",
          );
      }
      countWrite(vaultId, options.client, Date.now());
      ensureDir(paths.secretsDir, SECRET_DIR_MODE);
      ensureDir(dir, SECRET_DIR_MODE);
      const sealed = { ...seal(keys(), binding(product, kind, h), plain), host: h };
      writeFileAtomic(file, `${JSON.stringify(sealed)}\n`, { mode: SECRET_FILE_MODE });
    },
    remove(product, kind, host) {
      const file = fileOf(product, kind, normaliseHost(host));
      decrypted.delete(file);
      if (!existsSync(file)) return false;
      countWrite(vaultId, options.client, Date.now());
      unlinkSync(file);
      return true;
    },
    list(product) {
      if (!existsSync(dir)) return [];
      const out: CredentialSummary[] = [];
      for (const name of readdirSync(dir).sort()) {
        if (!name.endsWith(SEALED_SUFFIX)) continue;
        const { product: p, kind: k, host } = parseFileName(name);
        if (product !== undefined && p !== product) continue;
        let c: Credential | undefined;
        try {
          c = read(p, k, host);
        } catch (error) {
          if (!(error instanceof VaultTamperError)) throw error;
          out.push({ product: p, kind: k, host, username: "", updatedAt: "", readable: false });
          continue;
        }
        if (c === undefined) continue;
        out.push({
          product: p,
          kind: k,
          host,
          username: c.username,
          port: c.port,
          ...(c.plainHttp === true ? { plainHttp: true } : {}),
          updatedAt: c.updatedAt,
          readable: true,
        });
      }
      return out;
    },
  };
}
