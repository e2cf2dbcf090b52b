/**
 * A size-rotated log file: `app.log` → `app.log.1` → … → `app.log.N`.
 * pino writes to it directly (no transports or worker threads, which break inside compiled
 * Bun binaries). Lines are queued and appended with one write at the end of the current
 * event-loop turn (setImmediate), so a request never waits on the disk and lines of concurrent
 * requests share one system call. `close()` (the server's stop, on SIGTERM/SIGINT) and process
 * exit write what is queued; a hard crash (kill -9, power loss) loses at most the lines queued
 * in the current event-loop turn, and never more than FLUSH_BYTES.
 */
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

export interface RotatingFileOptions {
  path: string;
  /** Rotate once the file would grow past this many bytes. */
  maxBytes: number;
  /** How many rotated archives to keep. */
  keep: number;
}

/** Queued bytes past which the queue is written at once instead of at the end of the turn. */
const FLUSH_BYTES = 64 * 1024;

export class RotatingFile {
  private fd: number;
  private size: number;
  private queue: Buffer[] = [];
  private queued = 0;
  private scheduled: ReturnType<typeof setImmediate> | undefined;
  private closed = false;
  private readonly flushOnExit = () => this.flush();

  constructor(private readonly options: RotatingFileOptions) {
    this.fd = openSync(options.path, "a", 0o640);
    this.size = fstatSync(this.fd).size;
    process.on("exit", this.flushOnExit);
  }

  /** Queues one chunk (pino calls this with one JSON line). */
  write(chunk: string): boolean {
    const bytes = Buffer.from(chunk, "utf8");
    if (this.closed) return true;
    this.queue.push(bytes);
    this.queued += bytes.length;
    if (this.queued >= FLUSH_BYTES) this.flush();
    else this.scheduled ??= setImmediate(() => this.flush());
    return true;
  }

  /** Writes every queued line now (rotating between lines where the size limit says so). */
  flush(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.queue.length === 0 || this.closed) return;
    const lines = this.queue;
    this.queue = [];
    this.queued = 0;
    let batch: Buffer[] = [];
    let batchBytes = 0;
    const writeBatch = () => {
      if (batch.length === 0) return;
      const data = batch.length === 1 ? batch[0]! : Buffer.concat(batch, batchBytes);
      let offset = 0;
      while (offset < data.length) offset += writeSync(this.fd, data, offset);
      this.size += batchBytes;
      batch = [];
      batchBytes = 0;
    };
    for (const line of lines) {
      if (this.size + batchBytes > 0 && this.size + batchBytes + line.length > this.options.maxBytes) {
        writeBatch();
        this.rotate();
      }
      batch.push(line);
      batchBytes += line.length;
    }
    writeBatch();
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    process.off("exit", this.flushOnExit);
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }

  private rotate(): void {
    closeSync(this.fd);
    const { path, keep } = this.options;
    rmSync(`${path}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
    }
    renameSync(path, `${path}.1`);
    this.fd = openSync(path, "a", 0o640);
    this.size = 0;
  }
}
