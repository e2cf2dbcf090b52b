/**
 * Test support: one test bed for every product module. It starts a small lab on a random loopback
 * subnet (every AXL exchange captured through the lab's `onAxlExchange` hook) and the appliance
 * from source with the real auth + MCP layers and the modules of the product under test (retry
 * backoff made instant, other side effects injectable), and stores the lab's credentials for the
 * product's publisher in the vault of each credentialed client. What differs per product is one
 * row of PRESETS.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applianceLayers } from "../../src/appliance/layers.ts";
import type { ModuleInjections } from "../../src/appliance/modules.ts";
import type { LabHandle, LabOptions } from "../../src/lab/cluster.ts";
import type { CredentialKind, Product } from "../../src/modules/uc/products.ts";
import { openVault } from "../../src/vault/vault.ts";
import { operationDocument, startTestLab, validateWithXmllint, XSD_15 } from "./lab-harness.ts";
import { type McpHarness, startMcpHarness } from "./mcp-harness.ts";

export { errorOf, type Result } from "./mcp-harness.ts";

/** A custom profile: CUCM only, AXL get only, `show` over SSH, RIS phones only, no phone screenshots. */
export const LIMITED_PROFILE = {
  description: "Test: narrow CUCM access for denial tests.",
  product_scope: ["cucm"],
  cucm: {
    axl: { rate_limit: 100, allowed_prefixes: ["get"] },
    ris: { rate_limit: 100, allowed_device_classes: ["Phone"] },
    ssh: { rate_limit: 100, allowed_prefixes: ["show"] },
  },
  tools: { allow: [] },
};

type LabNode = LabHandle["nodes"][number];

/** What differs between the products' beds. */
interface Preset {
  node: string;
  /** Modules served besides the product's own. */
  modules: string[];
  clients: string[];
  /** Clients whose vault gets the lab's credentials. */
  credentialed: string[];
  profiles: Record<string, unknown>;
  inject: ModuleInjections;
  env(lab: LabHandle, schemasDir: string): Record<string, string>;
  vault(lab: LabHandle, node: LabNode): Array<[CredentialKind, { username: string; password: string; port?: number }]>;
}

const STANDARD_CLIENTS = ["admin:sub-admin:admin", "operator:sub-op:operator", "auditor:sub-aud:auditor"];

const PRESETS: Record<Product, Preset> = {
  cucm: {
    node: "cucm-pub",
    modules: ["bridge", "credentials"],
    clients: ["admin:sub-admin:admin", "limited:sub-limited:limited"],
    credentialed: ["admin", "limited"],
    profiles: { limited: LIMITED_PROFILE },
    inject: {},
    env: (lab, dir) => ({
      SERVER_CUCM_SSL_VERIFY: "True",
      SERVER_CUCM_SSL_CA_BUNDLE: lab.caCertPath,
      SERVER_CUCM_AXL_SCHEMAS_DIR: dir,
      SERVER_CUCM_RIS_SCHEMAS_DIR: join(dir, "ris"),
      SERVER_CUCM_ZEEP_TIMEOUT: "5",
      SERVER_CUCM_SSH_TIMEOUT: "10",
    }),
    vault: (lab, n) => [
      ["axl", { ...lab.credentials.axl, port: n.httpsPort }],
      ["os", { ...lab.credentials.os, port: n.sshPort }],
      ["phone", { ...lab.credentials.phone, port: lab.summary.phones.webPort }],
    ],
  },
  imp: {
    node: "imp-pub",
    modules: ["bridge"],
    clients: [...STANDARD_CLIENTS, "nocred:sub-nc:operator"],
    credentialed: ["admin", "operator", "auditor"],
    profiles: {},
    inject: {},
    env: (lab) => ({
      SERVER_IMP_SSL_VERIFY: "True",
      SERVER_IMP_SSL_CA_BUNDLE: lab.caCertPath,
      SERVER_IMP_ZEEP_TIMEOUT: "5",
      SERVER_IMP_SSH_TIMEOUT: "10",
    }),
    vault: (lab, n) => [
      ["axl", { ...lab.credentials.axl, port: n.httpsPort }],
      ["os", { ...lab.credentials.os, port: n.sshPort }],
    ],
  },
  cuc: {
    node: "cuc-pub",
    modules: ["bridge"],
    clients: [...STANDARD_CLIENTS, "nocred:sub-nc:operator"],
    credentialed: ["admin", "operator", "auditor"],
    profiles: {},
    inject: { pageRows: 5 },
    env: (lab) => ({
      SERVER_CUC_SSL_VERIFY: "True",
      SERVER_CUC_SSL_CA_BUNDLE: lab.caCertPath,
      SERVER_CUC_CUPI_TIMEOUT: "5",
      SERVER_CUC_SSH_TIMEOUT: "10",
    }),
    vault: (lab, n) => [
      ["cupi", { ...lab.credentials.cupi, port: n.httpsPort }],
      ["os", { ...lab.credentials.os, port: n.sshPort }],
    ],
  },
};

/** One captured AXL exchange. */
export interface AxlCapture {
  node: string;
  request: string;
  response: string;
  status: number;
}

export interface TestBed {
  lab: LabHandle;
  h: McpHarness;
  /** The product's publisher in the lab. */
  node: LabNode;
  captured: AxlCapture[];
  /** The temporary AXL schema cache (CUCM). */
  schemasDir: string;
  stop(): Promise<void>;
}

export interface TestBedOptions {
  /** Extra or overriding .env lines (a function when they name the lab's files, e.g. its CA). */
  env?: Record<string, string> | ((lab: LabHandle) => Record<string, string>);
  /** Side effects injected into the modules. */
  inject?: ModuleInjections;
  /** Extra clients (AUTH_CLIENTS entries); they get the lab's credentials too. */
  clients?: string[];
  /** Extra profiles written to profiles/<name>.json. */
  profiles?: Record<string, unknown>;
  lab?: Partial<LabOptions>;
  /** Modules served besides the preset's (e.g. "report"). */
  modules?: string[];
}

/** Starts lab + appliance serving `product`'s module. */
export async function startTestBed(product: Product, options: TestBedOptions = {}): Promise<TestBed> {
  const preset = PRESETS[product];
  const captured: AxlCapture[] = [];
  const { lab, cleanup } = await startTestLab({ onAxlExchange: (e) => captured.push(e), ...options.lab });
  const node = lab.nodes.find((n) => n.name === preset.node);
  if (!node) throw new Error(`lab has no ${preset.node}`);
  const schemasDir = mkdtempSync(join(tmpdir(), `${product}-axl-schemas-`));
  const served = new Set([...preset.modules, ...(options.modules ?? []), product]);
  const extraClients = options.clients ?? [];
  const h = await startMcpHarness(
    [...preset.clients, ...extraClients].join(","),
    { ...preset.env(lab, schemasDir), ...(typeof options.env === "function" ? options.env(lab) : options.env) },
    applianceLayers({
      inject: { retrySleep: async () => {}, ...preset.inject, ...options.inject },
      modules: (built) => built.filter((m) => served.has(m.name)),
    }),
    (root) => {
      const dir = join(root, "profiles");
      mkdirSync(dir, { recursive: true });
      for (const [name, profile] of Object.entries({ ...preset.profiles, ...options.profiles }))
        writeFileSync(join(dir, `${name}.json`), JSON.stringify(profile, null, 2));
    },
  );
  for (const client of [...preset.credentialed, ...extraClients.map((c) => c.split(":")[0] as string)]) {
    const vault = openVault({ clientsDir: join(h.root, "clients"), secretsDir: join(h.root, "secrets"), client });
    for (const [kind, credential] of preset.vault(lab, node)) vault.put(product, kind, node.ip, credential);
  }
  return {
    lab,
    h,
    node,
    captured,
    schemasDir,
    async stop() {
      try {
        await h.stop();
      } finally {
        await cleanup();
        rmSync(schemasDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Validates every captured AXL 15.0 request, and every SOAP answer the lab gave to it (results
 * and axlError faults), against Cisco's AXLSoap.xsd with ONE xmllint call.
 * Returns undefined when xmllint is missing locally (outside CI, where a missing tool must fail).
 */
export function validateCapturedRequests(captured: AxlCapture[]): ReturnType<typeof validateWithXmllint> | undefined {
  if (Bun.which("xmllint") === null && process.env.CI !== "true") return undefined;
  const docs = captured
    .filter((e) => e.request.includes("http://www.cisco.com/AXL/API/15.0"))
    .flatMap((e) => [
      operationDocument(e.request),
      e.status === 200 || e.status === 500 ? operationDocument(e.response) : undefined,
    ])
    .filter((d): d is string => d !== undefined);
  return validateWithXmllint(docs, XSD_15);
}
