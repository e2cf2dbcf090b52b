/**
 * Test support for the CUCM module: a small lab on a random loopback subnet (every AXL exchange
 * captured through the lab's `onAxlExchange` hook) and the appliance from source with the real
 * auth + MCP layers and the CUCM module (AXL retry backoff made instant, RIS budget clock
 * injectable). Clients: `admin` (admin profile) and `limited` (a custom profile for denials).
 * Every client gets the lab's AXL/OS/phone credentials in its own vault.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { authLayer } from "../../src/auth/auth-layer.ts";
import type { LabHandle, LabOptions } from "../../src/lab/cluster.ts";
import { mcpLayer } from "../../src/mcp/mcp-layer.ts";
import { bridgeModule } from "../../src/modules/bridge/index.ts";
import { credentialsModule } from "../../src/modules/credentials/index.ts";
import { createCucmModule } from "../../src/modules/cucm/index.ts";
import type { CucmModuleOptions } from "../../src/modules/cucm/services.ts";
import { openVault } from "../../src/vault/vault.ts";
import { operationDocument, startTestLab, validateWithXmllint, XSD_15 } from "../lab/lab-harness.ts";
import { type McpHarness, startMcpHarness } from "../mcp/mcp-harness.ts";

export { errorOf, type Result } from "../mcp/mcp-harness.ts";

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

export interface AxlCapture {
  node: string;
  request: string;
  response: string;
  status: number;
}

export interface CucmTestBed {
  lab: LabHandle;
  h: McpHarness;
  pub: LabHandle["nodes"][number];
  captured: AxlCapture[];
  schemasDir: string;
  stop(): Promise<void>;
}

/** Starts lab + appliance; `env` adds .env lines, `module` adds module options. */
export async function startCucmTestBed(
  env: Record<string, string> = {},
  module: CucmModuleOptions = {},
  extra: { clients?: string[]; profiles?: Record<string, unknown>; lab?: Partial<LabOptions> } = {},
): Promise<CucmTestBed> {
  const captured: AxlCapture[] = [];
  const { lab, cleanup } = await startTestLab({ onAxlExchange: (e) => captured.push(e), ...extra.lab });
  const pub = lab.nodes.find((n) => n.name === "cucm-pub");
  if (!pub) throw new Error("lab has no cucm-pub");
  const schemasDir = mkdtempSync(join(tmpdir(), "cucm-axl-schemas-"));
  const cucm = createCucmModule({ retrySleep: async () => {}, ...module });
  const h = await startMcpHarness(
    ["admin:sub-admin:admin", "limited:sub-limited:limited", ...(extra.clients ?? [])].join(","),
    {
      SERVER_CUCM_SSL_VERIFY: "True",
      SERVER_CUCM_SSL_CA_BUNDLE: lab.caCertPath,
      SERVER_CUCM_AXL_SCHEMAS_DIR: schemasDir,
      SERVER_CUCM_RIS_SCHEMAS_DIR: join(schemasDir, "ris"),
      SERVER_CUCM_ZEEP_TIMEOUT: "5",
      SERVER_CUCM_SSH_TIMEOUT: "10",
      ...env,
    },
    [authLayer(), mcpLayer({ modules: [bridgeModule, credentialsModule, cucm] })],
    (root) => {
      const dir = join(root, "profiles");
      mkdirSync(dir, { recursive: true });
      const profiles = { limited: LIMITED_PROFILE, ...extra.profiles };
      for (const [name, profile] of Object.entries(profiles))
        writeFileSync(join(dir, `${name}.json`), JSON.stringify(profile, null, 2));
    },
  );
  const names = ["admin", "limited", ...(extra.clients ?? []).map((c) => c.split(":")[0] as string)];
  for (const client of names) {
    const vault = openVault({ clientsDir: join(h.root, "clients"), client });
    vault.put("cucm", "axl", pub.ip, { ...lab.credentials.axl, port: pub.httpsPort });
    vault.put("cucm", "os", pub.ip, { ...lab.credentials.os, port: pub.sshPort });
    vault.put("cucm", "phone", pub.ip, { ...lab.credentials.phone, port: lab.summary.phones.webPort });
  }
  return {
    lab,
    h,
    pub,
    captured,
    schemasDir,
    async stop() {
      await h.stop();
      await cleanup();
      rmSync(schemasDir, { recursive: true, force: true });
    },
  };
}

/**
 * Validates every captured AXL 15.0 request against Cisco's AXLSoap.xsd with ONE xmllint call.
 * Returns undefined when xmllint is missing locally (outside CI, where a missing tool must fail).
 */
export function validateCapturedRequests(captured: AxlCapture[]): ReturnType<typeof validateWithXmllint> | undefined {
  if (Bun.which("xmllint") === null && process.env.CI !== "true") return undefined;
  const docs = captured
    .filter((e) => e.request.includes("http://www.cisco.com/AXL/API/15.0"))
    .map((e) => operationDocument(e.request))
    .filter((d): d is string => d !== undefined);
  return validateWithXmllint(docs, XSD_15);
}
