/**
 * What the support bundle holds, one text file per section (docs/operations.md, "show-tech"):
 * version, system and systemd facts, the configuration with secret-bearing values masked, the
 * end of app.log and audit.log, /health, certificate and key facts (never key material),
 * profiles, clients (names, modes, which files exist; no token), the schema cache index, the
 * integrity status and the local backups.
 */
import { createHash, createPublicKey, X509Certificate } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { arch, cpus, freemem, hostname, platform, release, totalmem, uptime } from "node:os";
import { join, relative } from "node:path";
import { probeHealth } from "../appliance/health-probe.ts";
import type { AppliancePaths } from "../appliance/paths.ts";
import { REGISTRATIONS_FILE } from "../auth/oauth/registrations.ts";
import { loadRetiredKeys, RETIRED_KEYS_FILE } from "../auth/retired-keys.ts";
import { listBackups } from "../backup/store.ts";
import { parseDotenv } from "../config/dotenv.ts";
import { resolveFromRoot } from "../config/load.ts";
import { CONFIG_KEYS, CONFIG_SPEC, type Config } from "../config/schema.ts";
import { runningBinary, SYSTEMD_UNIT_FILE } from "../integrity/file-set.ts";
import { describeChanges, loadIntegrityKeys, verifyManifest } from "../integrity/manifest.ts";
import { REDACTED } from "../logging/redact.ts";
import { SUPPORT_BUNDLE_PATTERNS } from "../util/patterns.ts";
import { PROJECT_VERSION, VERSION } from "../version.ts";

/** One file of the bundle. */
export interface Section {
  name: string;
  text: string;
}

export interface SectionOptions {
  config: Config;
  paths: AppliancePaths;
  /** Lines kept from the end of each log. */
  logLines: number;
  /** Runs a program and returns its output, or undefined when it cannot run (systemctl, journalctl). */
  run: (argv: string[]) => string | undefined;
}

const lines = (rows: Array<string | undefined>) => `${rows.filter((r) => r !== undefined).join("\n")}\n`;

export async function collectSections(options: SectionOptions): Promise<Section[]> {
  return [
    versionSection(options),
    systemSection(options),
    configSection(options),
    ...logSections(options),
    await healthSection(options),
    certificatesSection(options),
    profilesSection(options),
    clientsSection(options),
    schemaCacheSection(options),
    integritySection(options),
    backupsSection(options),
  ];
}

function versionSection({ config }: SectionOptions): Section {
  const binary = runningBinary();
  return {
    name: "version.txt",
    text: lines([
      `version: ${VERSION}`,
      `build month: ${PROJECT_VERSION}`,
      `PROJECT_NAME=${config.PROJECT_NAME} PROJECT_VERSION=${config.PROJECT_VERSION} PROJECT_CREATOR=${config.PROJECT_CREATOR}`,
      `bun: ${Bun.version} (${Bun.revision})`,
      binary === undefined ? "binary: none (running from source)" : `binary: ${binary}`,
      `root: ${config.root}`,
    ]),
  };
}

function systemSection({ run }: SectionOptions): Section {
  const osRelease = existsSync("/etc/os-release")
    ? readFileSync("/etc/os-release", "utf8").trim()
    : "(no /etc/os-release)";
  const unitProperties =
    "ActiveState,SubState,MainPID,ExecMainStartTimestamp,NRestarts,Result,UnitFileState,FragmentPath";
  const systemd = existsSync("/run/systemd/system")
    ? (run(["systemctl", "show", "ai-bridge.service", `--property=${unitProperties}`]) ?? "(systemctl failed)")
    : "(systemd is not running on this machine)";
  return {
    name: "system.txt",
    text: lines([
      `host: ${hostname()}`,
      `kernel: ${platform()} ${release()} ${arch()}`,
      `uptime: ${Math.round(uptime())} s`,
      `cpus: ${cpus().length}, memory: ${Math.round(totalmem() / 2 ** 20)} MiB total, ${Math.round(freemem() / 2 ** 20)} MiB free`,
      `process user: uid ${process.getuid?.()} gid ${process.getgid?.()}`,
      "",
      "# /etc/os-release",
      osRelease,
      "",
      "# systemd (ai-bridge.service)",
      systemd.trim(),
      `unit file ${SYSTEMD_UNIT_FILE}: ${existsSync(SYSTEMD_UNIT_FILE) ? "present" : "absent"}`,
    ]),
  };
}

/** The effective configuration: every key with its value (masked when secret) and where it came from. */
function configSection({ config, paths }: SectionOptions): Section {
  const written = new Map<string, string | undefined>();
  if (existsSync(paths.env)) {
    for (const entry of parseDotenv(readFileSync(paths.env, "utf8")).entries) written.set(entry.key, entry.value);
  }
  const mask = (key: string, value: string) =>
    SUPPORT_BUNDLE_PATTERNS.secretConfigKey.test(key) && value !== "" ? REDACTED : value;
  const known = new Set<string>(CONFIG_KEYS);
  const rows = CONFIG_KEYS.map((key) =>
    written.has(key)
      ? `${key}=${mask(key, written.get(key) ?? "")}`
      : `${key}=${mask(key, CONFIG_SPEC[key].default)}  # default`,
  );
  const unknown = [...written.keys()].filter((key) => !known.has(key));
  return {
    name: "config.env",
    text: lines([
      `# Effective configuration of ${config.root}/.env; values of secret-bearing keys are replaced by ${REDACTED}.`,
      ...rows,
      ...(unknown.length === 0 ? [] : ["", "# keys in .env the server does not know (ignored)"]),
      ...unknown.map((key) => `${key}=${mask(key, written.get(key) ?? "")}`),
    ]),
  };
}

function logSections({ paths, logLines }: SectionOptions): Section[] {
  return ["app.log", "audit.log"].map((file) => {
    const path = join(paths.logsDir, file);
    const text = existsSync(path) ? readFileSync(path, "utf8") : "";
    const tail = text
      .split("\n")
      .filter((line) => line !== "")
      .slice(-logLines);
    return { name: `logs/${file}`, text: tail.length === 0 ? `(no ${file})\n` : lines(tail) };
  });
}

async function healthSection({ config }: SectionOptions): Promise<Section> {
  const answer = await probeHealth(config, 3000);
  return { name: "health.json", text: `${JSON.stringify(answer, null, 2)}\n` };
}

function certificateFacts(label: string, path: string): string[] {
  if (!existsSync(path)) return [`${label}: absent (${path})`];
  const pem = readFileSync(path, "utf8");
  const blocks = pem.match(SUPPORT_BUNDLE_PATTERNS.certificate) ?? [];
  if (blocks.length === 0) return [`${label}: ${path} holds no PEM certificate`];
  return blocks.flatMap((block, i) => {
    try {
      const cert = new X509Certificate(block);
      const details = cert.publicKey.asymmetricKeyDetails;
      return [
        `${label}${blocks.length > 1 ? ` [${i}]` : ""}: ${path}`,
        `  subject: ${cert.subject.replaceAll("\n", ", ")}`,
        `  issuer: ${cert.issuer.replaceAll("\n", ", ")}`,
        `  SANs: ${cert.subjectAltName ?? "(none)"}`,
        `  valid: ${cert.validFrom} → ${cert.validTo}`,
        `  SHA-256 fingerprint: ${cert.fingerprint256}`,
        `  key: ${cert.publicKey.asymmetricKeyType} ${details?.modulusLength ?? details?.namedCurve ?? ""}`,
        `  serial: ${cert.serialNumber}, CA: ${cert.ca}`,
      ];
    } catch {
      return [`${label} [${i}]: unreadable certificate`];
    }
  });
}

function publicKeyFacts(label: string, path: string): string[] {
  if (!existsSync(path)) return [`${label}: absent (${path})`];
  try {
    const key = createPublicKey(readFileSync(path, "utf8"));
    const der = key.export({ type: "spki", format: "der" });
    return [
      `${label}: ${path}`,
      `  type: ${key.asymmetricKeyType}, bits: ${key.asymmetricKeyDetails?.modulusLength}`,
      `  SHA-256 of SPKI: ${createHash("sha256").update(der).digest("hex")}`,
    ];
  } catch {
    return [`${label}: ${path} is not a readable public key`];
  }
}

function certificatesSection({ config, paths }: SectionOptions): Section {
  const rows = [
    ...certificateFacts("HTTPS certificate", paths.tlsCert),
    ...(config.TLS_CA_SIGNED_CERT_FILE === ""
      ? []
      : certificateFacts(
          "CA-signed certificate (TLS_CA_SIGNED_CERT_FILE)",
          resolveFromRoot(config, config.TLS_CA_SIGNED_CERT_FILE),
        )),
    ...certificateFacts("appliance CA", join(paths.secretsDir, "ca.crt")),
    ...publicKeyFacts("RSA public key (AUTH_RSA_PUBLIC_KEY_FILE)", paths.rsaPublicKey),
    `RSA private key: ${existsSync(paths.rsaPrivateKey) ? "present" : "absent"} (${paths.rsaPrivateKey}; never included)`,
  ];
  for (const key of loadRetiredKeys(join(paths.secretsDir, RETIRED_KEYS_FILE), Math.floor(Date.now() / 1000))) {
    const at = (t: number) => new Date(t * 1000).toISOString();
    rows.push(
      `retired RSA key ${key.kid}: retired ${at(key.retiredAt)}, previous JWTs accepted until ${at(key.jwtUntil)}, ` +
        `OAuth tokens until ${at(key.oauthUntil)}`,
    );
  }
  const keyring = join(paths.secretsDir, "backup-keyring");
  if (existsSync(keyring)) {
    const kept = readdirSync(keyring).filter((name) => name.endsWith(".pem"));
    rows.push(`backup keyring: ${kept.length} older private key(s) kept (${kept.join(", ")}; never included)`);
  }
  return { name: "certificates.txt", text: lines(rows) };
}

function profilesSection({ paths }: SectionOptions): Section {
  const rows: string[] = [];
  for (const dir of [paths.profilesDir, paths.defaultProfilesDir]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith(".json")) continue;
      rows.push(`## ${relative(paths.root, join(dir, name))}`, readFileSync(join(dir, name), "utf8").trim(), "");
    }
  }
  return { name: "profiles.txt", text: lines(rows.length === 0 ? ["(no profiles)"] : rows) };
}

function clientsSection({ config, paths }: SectionOptions): Section {
  const rows = config.AUTH_CLIENTS.map((client) => {
    const mode = config.AUTH_MODE === "jwt+oauth2" ? (client.mode ?? "jwt+oauth2") : config.AUTH_MODE;
    const secrets = join(paths.clientsDir, client.name, "secrets");
    const has = (file: string) => (existsSync(join(secrets, file)) ? "yes" : "no");
    const vaultDir = join(secrets, "credentials");
    const stored = existsSync(vaultDir)
      ? readdirSync(vaultDir)
          .filter((n) => !n.startsWith("."))
          .sort()
      : [];
    return (
      `${client.name}: subject ${client.subject}, profile ${client.profile}, mode ${mode}; ` +
      `.token ${has(".token")}, one-time .secret waiting ${has(".secret")}, .secret_hash ${has(".secret_hash")}; ` +
      `stored credentials: ${stored.length === 0 ? "none" : stored.join(", ")}`
    );
  });
  const onDisk = existsSync(paths.clientsDir) ? readdirSync(paths.clientsDir).sort() : [];
  const configured = new Set(config.AUTH_CLIENTS.map((c) => c.name));
  const strays = onDisk.filter((name) => !configured.has(name));
  return {
    name: "clients.txt",
    text: lines([
      `AUTH_MODE=${config.AUTH_MODE}; ${config.AUTH_CLIENTS.length} client(s) configured (tokens and secrets never included)`,
      ...rows,
      ...(strays.length === 0 ? [] : [`folders not in AUTH_CLIENTS (purged at next start): ${strays.join(", ")}`]),
      ...registeredApps(join(paths.secretsDir, REGISTRATIONS_FILE)),
    ]),
  };
}

/** OAuth applications registered dynamically (public clients: an id, a name and redirect URIs, no secret). */
function registeredApps(path: string): string[] {
  if (!existsSync(path)) return [];
  try {
    const table = JSON.parse(readFileSync(path, "utf8")) as Record<string, Record<string, unknown>>;
    const apps = Object.values(table).map((app) => {
      const when = (t: unknown) => (typeof t === "number" ? new Date(t * 1000).toISOString() : "?");
      const uris = Array.isArray(app.redirectUris) ? app.redirectUris.join(" ") : "";
      return `  ${app.clientId} "${app.clientName}" redirect ${uris}; registered ${when(app.createdAt)}, last used ${when(app.lastUsedAt)}`;
    });
    return ["", `registered OAuth applications: ${apps.length}`, ...apps];
  } catch {
    return ["", `registered OAuth applications: ${path} is unreadable`];
  }
}

function schemaCacheSection({ config }: SectionOptions): Section {
  const dirs = ["SERVER_CUCM_AXL_SCHEMAS_DIR", "SERVER_CUCM_RIS_SCHEMAS_DIR", "SERVER_IMP_AXL_SCHEMAS_DIR"] as const;
  const rows: string[] = [];
  for (const key of dirs) {
    const dir = resolveFromRoot(config, config[key]);
    rows.push(`## ${key} = ${dir}`);
    if (!existsSync(dir)) {
      rows.push("(empty: nothing downloaded yet)");
      continue;
    }
    const walk = (at: string, depth: number) => {
      for (const name of readdirSync(at).sort()) {
        const path = join(at, name);
        const st = statSync(path);
        if (st.isDirectory() && depth < 3) walk(path, depth + 1);
        else rows.push(`${relative(dir, path)}  ${st.size} bytes  ${st.mtime.toISOString()}`);
      }
    };
    walk(dir, 0);
  }
  return { name: "schema-cache.txt", text: lines(rows) };
}

function integritySection({ config }: SectionOptions): Section {
  const keys = loadIntegrityKeys(config);
  if (keys === undefined) return { name: "integrity.txt", text: "no RSA public key yet: integrity not checked\n" };
  const report = verifyManifest({ config, files: { binary: runningBinary(), unitFile: SYSTEMD_UNIT_FILE } }, keys);
  return {
    name: "integrity.txt",
    text: lines([
      `status: ${report.status}${report.signedAt === undefined ? "" : ` (manifest signed ${report.signedAt})`}`,
      ...describeChanges(report),
    ]),
  };
}

function backupsSection({ paths }: SectionOptions): Section {
  if (!existsSync(paths.backupsDir)) return { name: "backups.txt", text: "(no backup folder)\n" };
  const backups = listBackups(paths.backupsDir);
  return {
    name: "backups.txt",
    text: lines([`${backups.length} local backup(s) in ${paths.backupsDir}`, ...backups.map((b) => JSON.stringify(b))]),
  };
}
