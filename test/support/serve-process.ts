/**
 * Test support: the compiled binary serving a root as a separate process, as an operator runs
 * it; resolves once /health answers over HTTPS (trusting the root's own certificate).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ServedRoot {
  proc: ReturnType<typeof Bun.spawn>;
  /** Everything the process wrote to stderr so far. */
  output(): string;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number>;
}

/** Starts `binary --root root serve` and waits for /health on `port` (throws with the output on failure). */
export async function serveRoot(binary: string, root: string, port: number, ms = 30_000): Promise<ServedRoot> {
  const proc = Bun.spawn([binary, "--root", root, "serve"], { stdout: "ignore", stderr: "pipe" });
  let output = "";
  void (async () => {
    for await (const chunk of proc.stderr as ReadableStream<Uint8Array>) output += new TextDecoder().decode(chunk);
  })();
  const server: ServedRoot = {
    proc,
    output: () => output,
    async stop() {
      proc.kill("SIGTERM");
      return await proc.exited;
    },
  };
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && proc.exitCode === null) {
    const certPath = join(root, "secrets", "server.crt");
    if (existsSync(certPath)) {
      try {
        const response = await fetch(`https://localhost:${port}/health`, {
          tls: { ca: readFileSync(certPath, "utf8") },
        });
        if (response.status === 200) return server;
      } catch {
        // not listening yet
      }
    }
    await Bun.sleep(100);
  }
  proc.kill("SIGKILL");
  await proc.exited;
  throw new Error(`the server did not answer /health (exit ${proc.exitCode}); output:\n${output}`);
}

/** Runs the binary once with `args` against `root`; returns exit code, stdout and stderr. */
export function runBinary(binary: string, root: string, ...args: string[]) {
  const proc = Bun.spawnSync([binary, "--root", root, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}
