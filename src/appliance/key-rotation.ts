/**
 * `ai-bridge keys rotate` (docs/operations.md, "Key rotation"): replaces the server's RSA key
 * pair. In order, so that an interruption loses nothing:
 * 1. refuse unless the installation matches its integrity manifest (the manifest is re-signed
 *    with the new key at the end, which must not bless an unreviewed change);
 * 2. keep the old private key in secrets/backup-keyring/ (backups and SFTP passwords made for it
 *    stay readable);
 * 3. generate the new pair and install it;
 * 4. retire the old public key (secrets/retired_keys.json): JWT-mode tokens current at the
 *    rotation stay valid for the grace period, OAuth access tokens until they expire, and the
 *    JWKS publishes it meanwhile;
 * 5. issue a new JWT-mode token to every client that uses them;
 * 6. re-encrypt BACKUP_SFTP_PASSWORD_ENC for the new key;
 * 7. re-sign the integrity manifest. The credential vault's keys come from the master secret
 *    (secrets/vault.key) and each client's .uuid, not from the RSA key, so it needs nothing.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { chmodSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeClientToken } from "../auth/client-token.ts";
import { addRetiredKey, RETIRED_KEYS_FILE } from "../auth/retired-keys.ts";
import { GENERATIONS_FILE, openGenerationStore } from "../auth/token-generations.ts";
import { keyId } from "../auth/token-signer.ts";
import { keyIdOf } from "../backup/format.ts";
import { KEYRING_DIR_NAME } from "../backup/keyring.ts";
import { keyringOf } from "../backup/service.ts";
import { decryptSftpPassword, encryptSftpPassword } from "../backup/sftp-password.ts";
import { acceptsKind } from "../clients/client-modes.ts";
import { clientPaths } from "../clients/client-paths.ts";
import { updateEnvText } from "../config/env-writer.ts";
import type { Config } from "../config/schema.ts";
import { ensureDir, SECRET_DIR_MODE, SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import { runningBinary, SYSTEMD_UNIT_FILE } from "../integrity/file-set.ts";
import {
  describeChanges,
  loadIntegrityKeys,
  manifestExists,
  signManifest,
  verifyManifest,
} from "../integrity/manifest.ts";
import type { AuditLog } from "../logging/logger.ts";
import { appliancePaths } from "./paths.ts";

/** A rotation that cannot start; nothing was changed. */
export class KeyRotationRefused extends Error {
  override readonly name = "KeyRotationRefused";
}

export interface RotationOptions {
  config: Config;
  /** How long the JWT-mode tokens current at the rotation stay valid, in seconds. */
  graceSeconds: number;
  audit: AuditLog;
  /** Seconds since the epoch. */
  now?: number;
}

export interface RotationResult {
  oldKid: string;
  newKid: string;
  bits: number;
  keptPrivateKey: string;
  reissued: string[];
  jwtUntil: number;
  oauthUntil: number;
  sftpPasswordReencrypted: boolean;
  manifestFiles: number;
}

/** Clock skew the verifier tolerates; the OAuth window covers it too. */
const SKEW_SECONDS = 30;

export async function rotateKeys(options: RotationOptions): Promise<RotationResult> {
  const { config, audit } = options;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const paths = appliancePaths(config);
  const old = loadIntegrityKeys(config);
  if (old === undefined || old.privateKey === undefined) {
    throw new KeyRotationRefused(
      `no readable RSA key pair at ${paths.rsaPrivateKey}; start the server once to create one (or run as its account)`,
    );
  }
  const oldKeys = { publicKey: old.publicKey, privateKey: old.privateKey };
  const integrity = { config, files: { binary: runningBinary(), unitFile: SYSTEMD_UNIT_FILE } };
  if (manifestExists(config)) {
    const report = verifyManifest(integrity, oldKeys);
    if (report.status !== "intact") {
      throw new KeyRotationRefused(
        `the installation does not match its integrity manifest (${describeChanges(report).join("; ")}); ` +
          "review the changes and run `ai-bridge integrity sign` before rotating",
      );
    }
  }
  const oldKid = await keyId(oldKeys.publicKey);
  const sftp = sftpPasswordFor(config);

  // 2. The old private key, for backups made before today.
  const keyringDir = join(paths.secretsDir, KEYRING_DIR_NAME);
  ensureDir(keyringDir, SECRET_DIR_MODE);
  chmodSync(keyringDir, SECRET_DIR_MODE);
  const stamp = new Date(now * 1000).toISOString().replaceAll(/[-:]/g, "").slice(0, 15);
  const keptPrivateKey = join(keyringDir, `rsa-${stamp}-${keyIdOf(oldKeys.publicKey).slice(0, 16)}.pem`);
  writeFileAtomic(keptPrivateKey, readFileSync(paths.rsaPrivateKey), { mode: SECRET_FILE_MODE });

  // 3. The new pair.
  const bits = Number(config.AUTH_RSA_KEY_SIZE);
  const fresh = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: 0x10001 });
  const next = { publicKey: fresh.publicKey, privateKey: fresh.privateKey };
  writeFileAtomic(paths.rsaPrivateKey, pem(next.privateKey, "private"), { mode: SECRET_FILE_MODE });
  writeFileAtomic(paths.rsaPublicKey, pem(next.publicKey, "public"), { mode: SECRET_FILE_MODE });
  const newKid = await keyId(next.publicKey);

  // 4. The old public key, retired.
  const generations = openGenerationStore(join(paths.secretsDir, GENERATIONS_FILE));
  const jwtClients = config.AUTH_CLIENTS.map((entry) => ({
    ...entry,
    mode: config.AUTH_MODE === "jwt+oauth2" ? (entry.mode ?? "jwt+oauth2") : config.AUTH_MODE,
  })).filter((client) => acceptsKind(client, "jwt"));
  const jwtIds: Record<string, string> = {};
  for (const client of jwtClients) {
    const jti = generations.current(client.name)?.jwtId;
    if (jti !== undefined) jwtIds[client.name] = jti;
  }
  // Rounded up: `now` is cut to the second, and the grace must never be shorter than asked.
  const jwtUntil = (options.now ?? Math.ceil(Date.now() / 1000)) + options.graceSeconds;
  const oauthUntil = now + config.AUTH_OAUTH_TOKEN_EXPIRY_SECONDS + SKEW_SECONDS;
  addRetiredKey(
    join(paths.secretsDir, RETIRED_KEYS_FILE),
    { kid: oldKid, publicPem: pem(oldKeys.publicKey, "public"), retiredAt: now, jwtUntil, oauthUntil, jwtIds },
    now,
  );
  audit.event("keys.rotated", {
    oldKid,
    newKid,
    bits,
    keptPrivateKey,
    jwtGraceUntil: new Date(jwtUntil * 1000).toISOString(),
    oauthUntil: new Date(oauthUntil * 1000).toISOString(),
  });

  // 5. New JWT-mode tokens.
  const reissued: string[] = [];
  for (const client of jwtClients) {
    const signed = await writeClientToken(
      {
        path: clientPaths(paths.clientsDir, client.name).token,
        clientName: client.name,
        subject: client.subject,
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
        ttlSeconds: config.AUTH_TOKEN_EXPIRY_DAYS * 86_400,
      },
      { ...next, kid: newKid },
      now,
    );
    generations.setJwtId(client.name, signed.jti);
    audit.event("token.issued", {
      client: client.name,
      kind: "jwt",
      jti: signed.jti,
      exp: signed.expiresAt,
      why: "key rotation",
    });
    reissued.push(client.name);
  }

  // 6. The SFTP password, for the new key.
  if (sftp !== undefined) {
    const value = encryptSftpPassword(next.publicKey, sftp.to, sftp.password);
    const text = updateEnvText(readFileSync(paths.env, "utf8"), { BACKUP_SFTP_PASSWORD_ENC: value });
    writeFileAtomic(paths.env, text, { mode: SECRET_FILE_MODE });
    audit.event("backup.sftp_password_reencrypted", { why: "key rotation", kid: keyIdOf(next.publicKey) });
  }

  // 7. The manifest, signed by the new key.
  const manifestFiles = signManifest(integrity, next);
  audit.event("integrity.signed", { by: "keys rotate", files: manifestFiles });
  return {
    oldKid,
    newKid,
    bits,
    keptPrivateKey,
    reissued,
    jwtUntil,
    oauthUntil,
    sftpPasswordReencrypted: sftp !== undefined,
    manifestFiles,
  };
}

function pem(key: KeyObject, half: "private" | "public"): string {
  return half === "private"
    ? (key.export({ type: "pkcs8", format: "pem" }) as string)
    : (key.export({ type: "spki", format: "pem" }) as string);
}

/** The stored SFTP password in clear, read before anything changes (undefined when none is set). */
function sftpPasswordFor(config: Config) {
  if (config.BACKUP_SFTP_PASSWORD_ENC === "") return undefined;
  const to = { host: config.BACKUP_SFTP_HOST, port: config.BACKUP_SFTP_PORT, user: config.BACKUP_SFTP_USER };
  try {
    return { to, password: decryptSftpPassword(keyringOf(config), to, config.BACKUP_SFTP_PASSWORD_ENC) };
  } catch (error) {
    throw new KeyRotationRefused(
      `BACKUP_SFTP_PASSWORD_ENC cannot be re-encrypted: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
