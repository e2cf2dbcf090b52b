/**
 * Token generations (docs/authentication.md, "Revoking access"): each client has a current
 * generation, a random id kept in secrets/token_generations.json. OAuth access and refresh
 * tokens carry the generation they were issued in (`gen` claim); a JWT-mode client also records
 * the `jti` of its one current token. Renewal, revocation, purge, re-adding a client and a
 * subject change start a new generation or a new current token, so every earlier token of that
 * client is refused, also after a restart: the file is written atomically and reloaded when
 * the `token` command changes it.
 */
import { randomBytes } from "node:crypto";
import { type JsonStateFile, objectEntries, openJsonStateFile } from "./json-state-file.ts";

/** File name of the generation table in CRYPTO_SECRETS_DIR. */
export const GENERATIONS_FILE = "token_generations.json";

/** The current generation of one client. */
export interface ClientGeneration {
  generation: string;
  /** The subject the generation was started for. */
  subject: string;
  /** `jti` of the client's current JWT-mode token; no other JWT-mode token of the client is valid. */
  jwtId?: string;
}

/** Reads and advances client generations. */
export interface GenerationStore {
  current(client: string): ClientGeneration | undefined;
  /** Starts a new generation for `client`: every token issued before is refused from now on. */
  advance(client: string, subject: string): ClientGeneration;
  /** Records the client's new current JWT-mode token. */
  setJwtId(client: string, jti: string): void;
}

type Table = Record<string, ClientGeneration>;

function parseTable(data: unknown): Table {
  const table: Table = {};
  for (const [name, value] of objectEntries(data)) {
    const entry = value as Partial<ClientGeneration> | null;
    if (typeof entry?.generation !== "string" || typeof entry.subject !== "string") continue;
    table[name] = {
      generation: entry.generation,
      subject: entry.subject,
      ...(typeof entry.jwtId === "string" ? { jwtId: entry.jwtId } : {}),
    };
  }
  return table;
}

/** Opens the table at `path`. */
export function openGenerationStore(path: string): GenerationStore {
  const file: JsonStateFile<Table> = openJsonStateFile(path, parseTable);
  return {
    current: (client) => file.read()[client],
    advance(client, subject) {
      const next = { generation: randomBytes(12).toString("base64url"), subject };
      file.update((table) => {
        table[client] = next;
      });
      return next;
    },
    setJwtId(client, jti) {
      file.update((table) => {
        const entry = table[client];
        if (entry !== undefined) entry.jwtId = jti;
      });
    },
  };
}
