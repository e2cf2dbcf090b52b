/**
 * Application and audit loggers: JSON lines to `app.log` (pino) and `audit.log` (auditLine) in
 * LOGGING_DIR (size-rotated), plus a coloured console echo of the application log when
 * LOGGING_CONSOLE_ENABLED=1. Every record passes the redaction layer first.
 */
import { join } from "node:path";
import pino, { type Logger } from "pino";
import { ensureDir } from "../fs/atomic.ts";
import { redactRecord, redactString } from "./redact.ts";
import { RotatingFile } from "./rotating-file.ts";
import { createSyslogShipper, type SyslogShipper } from "./syslog-tls.ts";

/** The levels of the reference mapped to pino's. */
const LEVELS = { debug: "debug", info: "info", warning: "warn", error: "error", critical: "fatal" } as const;

export interface LoggingOptions {
  dir: string;
  level: keyof typeof LEVELS;
  rotateBytes: number;
  rotateFiles: number;
  console: boolean;
  /** Where the console echo goes (defaults to stderr). */
  consoleWrite?: (line: string) => void;
  /** Audit lines also go to this syslog-over-TLS receiver (LOGGING_AUDIT_SYSLOG_*). */
  auditSyslog?: { host: string; port: number; caPem?: string };
}

export interface Loggers {
  app: Logger;
  audit: AuditLog;
  /** Writes the queued lines of both files now (they are otherwise written at the end of the event-loop turn). */
  flush(): void;
  close(): void;
}

/** Writes audit events: one JSON line per event in audit.log, secrets never. */
export interface AuditLog {
  event(type: string, fields?: Record<string, unknown>): void;
}

const COLORS: Record<number, string> = {
  20: "\x1b[90m",
  30: "\x1b[36m",
  40: "\x1b[33m",
  50: "\x1b[31m",
  60: "\x1b[35m",
};
const NAMES: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

function baseOptions(level: string): pino.LoggerOptions {
  return {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: "msg",
    formatters: {
      level: (label) => ({ level: label }),
      log: (record) => redactRecord(record) as Record<string, unknown>,
    },
    hooks: {
      // Messages are free text too: mask tokens or passwords that slipped into one.
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === "string" ? redactString(arg) : arg)) as typeof args;
        method.apply(this, masked);
      },
    },
  };
}

/**
 * One audit line, in the shape pino writes for the application log (`level`, `time`, then the
 * fields), redacted like every record. Written without pino: an audit line has no message, no
 * child bindings and one level, and pino's per-line hooks were a measurable share of every tool
 * call (bench/README.md, "Profiling the per-call path").
 */
function auditLine(type: string, fields: Record<string, unknown>, time: Date): string {
  const record = JSON.stringify(redactRecord({ event: type, ...fields }));
  return `{"level":"info","time":"${time.toISOString()}",${record.slice(1)}\n`;
}

/** A console stream that turns pino JSON into one coloured human line. */
function consoleStream(write: (line: string) => void) {
  return {
    write(chunk: string) {
      try {
        const record = JSON.parse(chunk) as { level: string; time: string; msg?: string; [k: string]: unknown };
        const numeric = pino.levels.values[record.level] ?? 30;
        const { level: _l, time, msg, ...rest } = record;
        const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : "";
        write(`${COLORS[numeric] ?? ""}${time} ${NAMES[numeric] ?? record.level}\x1b[0m ${msg ?? ""}${extra}`);
      } catch {
        write(chunk.trimEnd());
      }
    },
  };
}

/** Creates both loggers; call `close()` on shutdown. */
export function createLoggers(options: LoggingOptions): Loggers {
  ensureDir(options.dir, 0o750);
  const appFile = new RotatingFile({
    path: join(options.dir, "app.log"),
    maxBytes: options.rotateBytes,
    keep: options.rotateFiles,
  });
  const auditFile = new RotatingFile({
    path: join(options.dir, "audit.log"),
    maxBytes: options.rotateBytes,
    keep: options.rotateFiles,
  });
  const level = LEVELS[options.level];
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: appFile }];
  if (options.console) {
    const write = options.consoleWrite ?? ((line: string) => process.stderr.write(`${line}\n`));
    streams.push({ level: level as pino.Level, stream: consoleStream(write) });
  }
  const app = pino(baseOptions(level), pino.multistream(streams));
  let shipper: SyslogShipper | undefined;
  // The file first, then the receiver: a line is on disk whatever happens to the network.
  const auditSink =
    options.auditSyslog === undefined
      ? auditFile
      : {
          write(chunk: string) {
            const written = auditFile.write(chunk);
            shipper?.send(chunk.trimEnd());
            return written;
          },
        };
  const audit: AuditLog = {
    event(type, fields = {}) {
      auditSink.write(auditLine(type, fields, new Date()));
    },
  };
  if (options.auditSyslog !== undefined) {
    const target = options.auditSyslog;
    shipper = createSyslogShipper({
      ...target,
      onDropped: (count) => {
        app.error({ count }, "audit lines not shipped: the syslog queue was full (they are in audit.log)");
        audit.event("audit.shipping_dropped", { count, receiver: `${target.host}:${target.port}` });
      },
      onError: (message) => app.warn(message),
    });
  }
  return {
    app,
    audit,
    flush() {
      appFile.flush();
      auditFile.flush();
    },
    close() {
      shipper?.close();
      appFile.close();
      auditFile.close();
    },
  };
}
