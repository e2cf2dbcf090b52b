/** Waiting for SIGTERM/SIGINT, shared by the long-running commands (serve, lab, demo). */

/** Resolves when the process is asked to stop. */
export function waitForShutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const handler = (signal: string) => {
      process.off("SIGTERM", handler);
      process.off("SIGINT", handler);
      resolve(signal);
    };
    process.on("SIGTERM", handler);
    process.on("SIGINT", handler);
  });
}
