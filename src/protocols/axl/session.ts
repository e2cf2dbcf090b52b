/**
 * JSESSIONIDSSO reuse (AXL Developer Guide, "Authentication": the first Basic-auth answer sets the
 * cookie; sending it instead of credentials "reduces the stress on CUCM"; it expires after 30
 * idle minutes and an expired cookie gets HTTP 404, after which Basic auth is used again).
 */
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";

/** Cookie store keyed by host:port (process memory only; never persisted or logged). */
export class AxlSessions {
  readonly #byHost = new Map<string, string>();

  /** The cookie header to send, if a session is known. */
  cookieFor(hostKey: string): string | undefined {
    const id = this.#byHost.get(hostKey);
    return id === undefined ? undefined : `JSESSIONIDSSO=${id}`;
  }

  /** Remembers the session from a response's Set-Cookie headers. */
  remember(hostKey: string, headers: Headers): void {
    const all = typeof headers.getSetCookie === "function" ? headers.getSetCookie() : [headers.get("set-cookie") ?? ""];
    for (const line of all) {
      const m = PROTOCOL_PATTERNS.jsessionSso.exec(line);
      if (m?.[1]) this.#byHost.set(hostKey, m[1]);
    }
  }

  forget(hostKey: string): void {
    this.#byHost.delete(hostKey);
  }
}
