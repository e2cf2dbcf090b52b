/**
 * Administrative commands that write into a running appliance's files (credentials) must write
 * them as the account the server runs as, or the server could not read them: `.env` belongs to
 * that account (mode 600), so a command started by root switches to the owner of `.env` before
 * it touches anything. Any other user keeps its own identity (and needs write access).
 */
import { statSync } from "node:fs";

/** The process calls this needs; main.ts's process in production, a fake in tests. */
export interface ProcessIdentity {
  getuid(): number;
  setgroups(groups: number[]): void;
  setgid(id: number): void;
  setuid(id: number): void;
}

/**
 * When running as root, becomes the owner of `envPath`: root's extra groups dropped, then the
 * group, then the user (last, since it ends the right to switch). Returns the uid now in effect.
 */
export function runAsOwnerOf(envPath: string, identity: ProcessIdentity = process as ProcessIdentity): number {
  if (identity.getuid() !== 0) return identity.getuid();
  const owner = statSync(envPath);
  if (owner.uid === 0) return 0;
  identity.setgroups([owner.gid]);
  identity.setgid(owner.gid);
  identity.setuid(owner.uid);
  return owner.uid;
}
