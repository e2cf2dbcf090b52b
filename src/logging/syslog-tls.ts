/**
 * Ships audit lines off the box: syslog over TLS (RFC 5425: octet-counting frames over a TLS
 * connection, default port 6514) carrying RFC 5424 messages, facility authpriv, severity info,
 * MSGID = the audit event, the JSON audit line as the message. Receivers such as rsyslog
 * (imtcp with a TLS driver), syslog-ng (`syslog(transport("tls"))`) and most SIEMs accept it.
 *
 * The local audit.log is always written first; shipping is in addition. Lines wait in a bounded
 * queue while the receiver is unreachable and are sent on reconnect; when the queue is full the
 * oldest are dropped and the number dropped is reported (`onDropped`), never silently.
 */

import { isIP } from "node:net";
import { hostname as osHostname } from "node:os";
import { connect, type TLSSocket } from "node:tls";
import { SYSLOG_PATTERNS } from "../util/patterns.ts";

/** authpriv (10) × 8 + informational (6). */
const PRIORITY = 86;
/** Lines kept while the receiver is away (about 3 MB at 300 bytes a line). */
const QUEUE_LIMIT = 10_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 60_000;

export interface SyslogTlsOptions {
  host: string;
  port: number;
  /** PEM of the CA that signed the receiver's certificate; the system's CAs when absent. */
  caPem?: string;
  /** Called (at most once a minute) with how many lines were dropped because the queue was full. */
  onDropped?: (count: number) => void;
  /** Called when the connection fails (for the application log). */
  onError?: (message: string) => void;
}

export interface SyslogShipper {
  /** Queues one audit line (a JSON object as text) for the receiver. */
  send(line: string): void;
  close(): void;
}

/** One RFC 5425 frame: the RFC 5424 message's length in bytes, a space, the message. */
function syslogFrame(line: string, at: Date, host: string): Buffer {
  let msgid = "audit";
  try {
    const event = (JSON.parse(line) as { event?: unknown }).event;
    if (typeof event === "string") msgid = event;
  } catch {
    // not JSON: keep the generic MSGID
  }
  // MSGID and HOSTNAME: printable US-ASCII without spaces, 32 and 255 characters at most (RFC 5424, 6.2).
  const token = (s: string, max: number) => s.replace(SYSLOG_PATTERNS.notHeaderChar, "_").slice(0, max) || "-";
  const message = `<${PRIORITY}>1 ${at.toISOString()} ${token(host, 255)} ai-bridge ${process.pid} ${token(msgid, 32)} - ${line}`;
  const body = Buffer.from(message, "utf8");
  return Buffer.concat([Buffer.from(`${body.length} `, "ascii"), body]);
}

/** Starts the shipper; it connects at once and keeps reconnecting until closed. */
export function createSyslogShipper(options: SyslogTlsOptions): SyslogShipper {
  const host = osHostname();
  const queue: Buffer[] = [];
  let socket: TLSSocket | undefined;
  let ready = false;
  let closed = false;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let dropped = 0;
  let lastDropReport = 0;

  const flush = () => {
    while (ready && socket !== undefined && queue.length > 0) {
      const frame = queue.shift() as Buffer;
      socket.write(frame);
    }
  };
  const reportDrops = () => {
    if (dropped === 0 || Date.now() - lastDropReport < 60_000) return;
    const count = dropped;
    dropped = 0;
    lastDropReport = Date.now();
    options.onDropped?.(count);
  };
  const open = () => {
    if (closed) return;
    const s = connect({
      host: options.host,
      port: options.port,
      ...(options.caPem === undefined ? {} : { ca: options.caPem }),
      ...(isIP(options.host) === 0 ? { servername: options.host } : {}),
    });
    socket = s;
    s.on("secureConnect", () => {
      ready = true;
      retryMs = RETRY_MIN_MS;
      flush();
    });
    s.on("error", (error) => options.onError?.(`audit syslog ${options.host}:${options.port}: ${error.message}`));
    s.on("close", () => {
      ready = false;
      socket = undefined;
      if (closed) return;
      retryTimer = setTimeout(open, retryMs);
      retryTimer.unref?.();
      retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
    });
  };
  open();
  return {
    send(line) {
      if (closed) return;
      queue.push(syslogFrame(line, new Date(), host));
      if (queue.length > QUEUE_LIMIT) {
        queue.shift();
        dropped++;
      }
      flush();
      reportDrops();
    },
    close() {
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      socket?.end();
    },
  };
}
