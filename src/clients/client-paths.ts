/**
 * Where one client's files live (docs/authentication.md, "Where the files are"):
 * clients/<name>/secrets/{.uuid,.token,.secret,.secret_hash}, reports/, custom/, toolsets.json.
 */
import { join } from "node:path";

/** Absolute paths of one client's files and directories. */
export interface ClientPaths {
  dir: string;
  secretsDir: string;
  uuid: string;
  token: string;
  secret: string;
  secretHash: string;
  reportsDir: string;
  customDir: string;
  /** The extra toolsets the client lists (src/mcp/toolsets.ts). */
  toolsets: string;
}

/** The paths of client `name` under CLIENTS_DIR. */
export function clientPaths(clientsDir: string, name: string): ClientPaths {
  const dir = join(clientsDir, name);
  const secretsDir = join(dir, "secrets");
  return {
    dir,
    secretsDir,
    uuid: join(secretsDir, ".uuid"),
    token: join(secretsDir, ".token"),
    secret: join(secretsDir, ".secret"),
    secretHash: join(secretsDir, ".secret_hash"),
    reportsDir: join(dir, "reports"),
    customDir: join(dir, "custom"),
    toolsets: join(dir, "toolsets.json"),
  };
}
