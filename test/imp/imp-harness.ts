/**
 * Test support for the IM&Presence module: a small lab on a random loopback subnet and the
 * appliance from source with the real auth + MCP layers and the imp module (AXL over verified TLS
 * with the lab CA, retry backoff instant). Clients use the built-in profiles `admin`, `operator`,
 * `auditor`, plus `nocred` (operator profile, empty vault); the others get the lab's AXL and OS
 * credentials for imp-pub.
 */
import { join } from "node:path";
import { authLayer } from "../../src/auth/auth-layer.ts";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { mcpLayer } from "../../src/mcp/mcp-layer.ts";
import { bridgeModule } from "../../src/modules/bridge/index.ts";
import { createImpModule } from "../../src/modules/imp/index.ts";
import { openVault } from "../../src/vault/vault.ts";
import { startTestLab } from "../lab/lab-harness.ts";
import { type McpHarness, startMcpHarness } from "../mcp/mcp-harness.ts";

export { errorOf, type Result } from "../mcp/mcp-harness.ts";

export interface ImpTestBed {
  lab: LabHandle;
  h: McpHarness;
  imp: LabHandle["nodes"][number];
  stop(): Promise<void>;
}

/** Starts lab + appliance with the imp module. */
export async function startImpTestBed(): Promise<ImpTestBed> {
  const { lab, cleanup } = await startTestLab();
  const imp = lab.nodes.find((n) => n.name === "imp-pub");
  if (!imp) throw new Error("lab has no imp-pub");
  const h = await startMcpHarness(
    "admin:sub-admin:admin,operator:sub-op:operator,auditor:sub-aud:auditor,nocred:sub-nc:operator",
    {
      SERVER_IMP_SSL_VERIFY: "True",
      SERVER_IMP_SSL_CA_BUNDLE: lab.caCertPath,
      SERVER_IMP_ZEEP_TIMEOUT: "5",
      SERVER_IMP_SSH_TIMEOUT: "10",
    },
    [authLayer(), mcpLayer({ modules: [bridgeModule, createImpModule({ retrySleep: async () => {} })] })],
  );
  for (const client of ["admin", "operator", "auditor"]) {
    const vault = openVault({ clientsDir: join(h.root, "clients"), client });
    vault.put("imp", "axl", imp.ip, { ...lab.credentials.axl, port: imp.httpsPort });
    vault.put("imp", "os", imp.ip, { ...lab.credentials.os, port: imp.sshPort });
  }
  return {
    lab,
    h,
    imp,
    async stop() {
      await h.stop();
      await cleanup();
    },
  };
}
