/**
 * Test support: the `ai-bridge setup` command line of a bridge that serves on loopback only, with
 * a small RSA key so the first start is quick.
 */

/** `setup --non-interactive` arguments for a loopback bridge on `port` (append more flags). */
export function loopbackSetupArgs(port: number): string[] {
  return [
    "setup",
    "--non-interactive",
    "--public-host",
    "localhost",
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--rsa-key-size",
    "2048",
  ];
}
