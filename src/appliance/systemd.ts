/**
 * The systemd unit scripts/install.sh installs (ai-bridge.service): whether it runs, and a
 * restart. Operator commands that change what the server loads at start (a key rotation, a new
 * binary) restart it when it runs under systemd.
 */
const UNIT = "ai-bridge.service";

/** True when systemctl answers that the unit is active (false without systemd). */
export function unitActive(): boolean {
  try {
    return Bun.spawnSync(["systemctl", "is-active", "--quiet", UNIT]).exitCode === 0;
  } catch {
    return false;
  }
}

/** Restarts the unit; returns systemctl's error text, or undefined when it worked. */
export function restartUnit(): string | undefined {
  const proc = Bun.spawnSync(["systemctl", "restart", UNIT], { stdout: "pipe", stderr: "pipe" });
  return proc.exitCode === 0 ? undefined : proc.stderr.toString().trim() || `systemctl exited ${proc.exitCode}`;
}
