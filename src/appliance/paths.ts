/**
 * Where every file of an installation lives, resolved once from the configuration.
 * Paths in `.env` are relative to the project root.
 */
import { join } from "node:path";
import { resolveFromRoot } from "../config/load.ts";
import type { Config } from "../config/schema.ts";

export interface AppliancePaths {
  root: string;
  env: string;
  secretsDir: string;
  rsaPrivateKey: string;
  rsaPublicKey: string;
  tlsCert: string;
  tlsKey: string;
  /** The appliance CA that signs the server certificate (key mode 600). */
  caCert: string;
  caKey: string;
  clientsDir: string;
  profilesDir: string;
  defaultProfilesDir: string;
  logsDir: string;
  backupsDir: string;
}

export function appliancePaths(config: Config): AppliancePaths {
  const at = (p: string) => resolveFromRoot(config, p);
  const secretsDir = at(config.CRYPTO_SECRETS_DIR);
  return {
    root: config.root,
    env: join(config.root, ".env"),
    secretsDir,
    rsaPrivateKey: at(config.AUTH_RSA_PRIVATE_KEY_FILE),
    rsaPublicKey: at(config.AUTH_RSA_PUBLIC_KEY_FILE),
    tlsCert: join(secretsDir, "server.crt"),
    tlsKey: join(secretsDir, "server.key"),
    caCert: join(secretsDir, "ca.crt"),
    caKey: join(secretsDir, "ca.key"),
    clientsDir: at(config.CLIENTS_DIR),
    profilesDir: join(config.root, "profiles"),
    defaultProfilesDir: join(config.root, "profiles", "_default"),
    logsDir: at(config.LOGGING_DIR),
    backupsDir: at(config.BACKUP_DIR),
  };
}
