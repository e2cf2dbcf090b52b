/**
 * The demo home: a self-contained project root (default `.demo/`) prepared with first-boot
 * defaults when it has no `.env` yet: loopback bind, the chosen port, one admin client, and the
 * product settings that point the bridge at the built-in lab (lab CA as the CA bundle with
 * verification ON, the lab's SSH port, schema caches inside the home).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { envPathFor } from "../config/load.ts";
import { ensureDir, SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import { buildEnvText } from "../setup/wizard.ts";

/** The demo's one client (admin profile); its vault gets the lab credentials. */
export const DEMO_CLIENT = "demo";
/** The demo home `ai-bridge demo` uses when no --home is given, relative to the working directory. */
export const DEFAULT_DEMO_HOME = ".demo";
/** Where the demo's lab keeps its CA, SSH host keys and lab.json, relative to the home. */
export const DEMO_LAB_DIR = "lab";
/** The lab's HTTPS port on every node (each node has its own loopback address). */
export const DEMO_LAB_HTTPS_PORT = 8443;
/** The lab's SSH port on every node; the demo .env sets SERVER_*_SSH_PORT to it. */
export const DEMO_LAB_SSH_PORT = 2222;

/** Where the demo home is and the bridge's HTTPS port for a new one. */
export interface DemoHomeOptions {
  home: string;
  port: number;
}

/** The lab CA file of a demo home (written by the lab's PKI on first start). */
function demoLabCaPath(home: string): string {
  return join(home, DEMO_LAB_DIR, "pki", "ca.crt");
}

/** The .env lines that aim every product at the lab with TLS verification on. */
function labSettings(home: string): Record<string, string> {
  const ca = demoLabCaPath(home);
  const out: Record<string, string> = {
    LOGGING_CONSOLE_ENABLED: "0",
    SERVER_CUCM_AXL_PORT: String(DEMO_LAB_HTTPS_PORT),
    SERVER_CUCM_RIS_PORT: String(DEMO_LAB_HTTPS_PORT),
    SERVER_IMP_AXL_PORT: String(DEMO_LAB_HTTPS_PORT),
    SERVER_CUC_CUPI_PORT: String(DEMO_LAB_HTTPS_PORT),
  };
  for (const p of ["CUCM", "IMP", "CUC"]) {
    out[`SERVER_${p}_SSL_VERIFY`] = "True";
    out[`SERVER_${p}_SSL_CA_BUNDLE`] = ca;
    out[`SERVER_${p}_SSH_PORT`] = String(DEMO_LAB_SSH_PORT);
  }
  return out;
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
      extra: labSettings(options.home),
    },
    options.home,
  );
  writeFileAtomic(envPath, text, { mode: SECRET_FILE_MODE });
  return true;
}

/**
 * For commands run next to a demo home without `--root`: when `root` has no configuration (or
 * not the client asked for) but `<root>/.demo` has, the hint to add `--root .demo`.
 */
export function demoRootHint(root: string, client?: string): string | undefined {
  const demoEnv = envPathFor(join(root, DEFAULT_DEMO_HOME));
  if (!existsSync(demoEnv)) return undefined;
  if (client !== undefined && !readFileSync(demoEnv, "utf8").includes(`${client}:`)) return undefined;
  return `the demo's configuration is in ${DEFAULT_DEMO_HOME}/: add --root ${DEFAULT_DEMO_HOME}`;
}
