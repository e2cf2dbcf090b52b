/**
 * The logger shape the protocol clients accept: pino's (object, message) call style, so the
 * application logger is passed straight in. Messages carry hosts and operations, never secrets.
 */
export interface ProtocolLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** A logger that drops everything (tests, benchmarks). */
export const SILENT_LOGGER: ProtocolLogger = { debug() {}, info() {}, warn() {} };

/** Real-time sleep for production wiring; tests inject a fake one. */
export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
