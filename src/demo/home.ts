/**
 * The demo home: a self-contained project root (default `.demo/`) prepared with first-boot
 * defaults when it has no `.env` yet: loopback bind, a free port, and one admin client.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { envPathFor } from "../config/load.ts";
import { ensureDir, SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import { buildEnvText } from "../setup/wizard.ts";

export const DEMO_CLIENT = "demo";

export interface DemoHomeOptions {
  home: string;
  port: number;
}

/** Writes `.env` for the demo unless one exists; returns true when it was created. */
export function prepareDemoHome(options: DemoHomeOptions): boolean {
  ensureDir(options.home, 0o700);
  const envPath = envPathFor(options.home);
  if (existsSync(envPath)) return false;
  const text = buildEnvText(
    undefined,
    {
      publicHost: "localhost",
      port: options.port,
      bindHost: "127.0.0.1",
      authMode: "jwt",
      clients: `${DEMO_CLIENT}:sub-${DEMO_CLIENT}-${new Date().toISOString().slice(0, 10).replaceAll("-", "")}:admin`,
      rsaKeySize: "2048",
      extra: { LOGGING_CONSOLE_ENABLED: "0" },
    },
    options.home,
  );
  writeFileAtomic(envPath, text, { mode: SECRET_FILE_MODE });
  return true;
}

/** The demo client's JWT, once the auth layer has written it. */
export function readDemoToken(home: string, clientsDir = "clients"): string | undefined {
  const path = join(home, clientsDir, DEMO_CLIENT, "secrets", ".token");
  return existsSync(path) ? readFileSync(path, "utf8").trim() : undefined;
}
