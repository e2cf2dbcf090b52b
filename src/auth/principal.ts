/**
 * The authenticated caller, as the auth middleware hands it to every later layer
 * (`c.get("principal")`). Tool handlers receive it too; they never act for anyone else.
 */

/** How the presented token was issued. */
export type TokenKind = "jwt" | "oauth2";

export interface Principal {
  /** Client name from AUTH_CLIENTS (= OAuth client_id, = directory under CLIENTS_DIR). */
  clientName: string;
  /** The token's `sub` claim. */
  subject: string;
  /** RBAC profile name (profiles/<profile>.json). */
  profile: string;
  tokenKind: TokenKind;
  /** The token's `jti`, for revocation and audit. */
  tokenId: string;
  /** Token expiry (seconds since the epoch). */
  expiresAt: number;
}
