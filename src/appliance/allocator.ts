/**
 * How `serve` keeps freed memory. Bun's allocator (mimalloc) hands freed pages back to the
 * kernel after every collection, so a busy bridge spent a quarter of its CPU per tool call
 * re-faulting the same pages (madvise and page faults; bench/README.md, "The bridge's CPU per
 * tool call, second round"). The server keeps them instead: its resident size stays at its
 * high-water mark, and that memory is reused for the next answers. The allocator reads its
 * settings once, when the process starts, so `serve` sets MIMALLOC_PURGE_DELAY=-1 by replacing
 * itself (execve: the same PID, systemd and the container runtime see nothing); src/main.ts does
 * it before the server's code is loaded (a start by hand takes ≈ 50 ms longer; the systemd unit
 * and the image set the variable, so they skip the step).
 *
 * An administrator who prefers memory handed back (at that CPU cost) sets MIMALLOC_PURGE_DELAY
 * in the service's environment (any value, e.g. 10); a value already set is never changed.
 */
import { runningBinary } from "../integrity/file-set.ts";

/** The allocator setting that keeps freed pages mapped for reuse. */
export const RETAIN_FREED_MEMORY = { MIMALLOC_PURGE_DELAY: "-1" } as const;

/**
 * Replaces the process with itself under RETAIN_FREED_MEMORY unless MIMALLOC_PURGE_DELAY is
 * already set; returns only when nothing had to change (or the platform cannot execve).
 */
export function retainFreedMemory(): void {
  if (process.env.MIMALLOC_PURGE_DELAY !== undefined) return;
  if (typeof process.execve !== "function") return;
  // A compiled binary's argv is ["bun", "/$bunfs/root/<name>", ...arguments]; from source it is
  // [bun, "<script>", ...arguments], with Bun's own flags in execArgv.
  const compiled = runningBinary() !== undefined;
  const args = compiled ? process.argv.slice(2) : [...process.execArgv, ...process.argv.slice(1)];
  process.execve(process.execPath, [process.execPath, ...args], { ...process.env, ...RETAIN_FREED_MEMORY });
}
