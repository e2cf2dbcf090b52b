/**
 * JSESSIONIDSSO sessions as CUCM's Tomcat keeps them (AXL Developer Guide, "Session handling"):
 * the first Basic-authenticated answer sets the cookie, later requests may send only the cookie,
 * the session expires after 30 idle minutes, and an unknown or expired cookie without Basic
 * credentials gets HTTP 404.
 */
import { randomBytes } from "node:crypto";

const IDLE_MS = 30 * 60_000;

/** The session table of one node. */
export interface SessionStore {
  /** Creates a session; returns the cookie value. */
  open(): string;
  /** True (and refreshed) when the cookie names a live session. */
  touch(id: string): boolean;
}

/** Creates an in-memory store; `now` is injected for tests. */
export function createSessionStore(now: () => number = Date.now): SessionStore {
  const sessions = new Map<string, number>();
  return {
    open() {
      const id = randomBytes(16).toString("hex").toUpperCase();
      sessions.set(id, now() + IDLE_MS);
      if (sessions.size > 10_000) {
        const t = now();
        for (const [key, expiry] of sessions) if (expiry < t) sessions.delete(key);
      }
      return id;
    },
    touch(id) {
      const expiry = sessions.get(id);
      if (expiry === undefined || expiry < now()) {
        sessions.delete(id);
        return false;
      }
      sessions.set(id, now() + IDLE_MS);
      return true;
    },
  };
}

/** The JSESSIONIDSSO value of a Cookie header, if any. */
export function sessionCookie(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "JSESSIONIDSSO") return rest.join("=");
  }
  return undefined;
}
