/**
 * A synchronous, size-rotated log file: `app.log` → `app.log.1` → … → `app.log.N`.
 * pino writes to it directly (no transports or worker threads, which break inside compiled
 * Bun binaries). Synchronous appends keep every line on disk even if the process is killed.
 */
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

export interface RotatingFileOptions {
  path: string;
  /** Rotate once the file would grow past this many bytes. */
  maxBytes: number;
  /** How many rotated archives to keep. */
  keep: number;
}

export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(private readonly options: RotatingFileOptions) {
    this.fd = openSync(options.path, "a", 0o640);
    this.size = fstatSync(this.fd).size;
  }

  /** Appends one chunk (pino calls this with one JSON line). */
  write(chunk: string): boolean {
    const bytes = Buffer.from(chunk, "utf8");
    if (this.size > 0 && this.size + bytes.length > this.options.maxBytes) this.rotate();
    writeSync(this.fd, bytes);
    this.size += bytes.length;
    return true;
  }

  close(): void {
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
