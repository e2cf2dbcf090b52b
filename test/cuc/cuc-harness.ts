/**
 * Test support for the Unity Connection module: a small lab on a random loopback subnet and the
 * appliance from source with the real auth + MCP layers and the cuc module (CUPI over verified
 * TLS with the lab CA). Clients use the built-in profiles: `admin`, `operator`, `auditor`, and
 * `nocred` (operator profile, empty vault). All but `nocred` get the lab's CUPI and OS credentials.
 */
import { join } from "node:path";
import { authLayer } from "../../src/auth/auth-layer.ts";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { mcpLayer } from "../../src/mcp/mcp-layer.ts";
import { bridgeModule } from "../../src/modules/bridge/index.ts";
import { createCucModule } from "../../src/modules/cuc/index.ts";
import { openVault } from "../../src/vault/vault.ts";
import { startTestLab } from "../lab/lab-harness.ts";
import { type McpHarness, startMcpHarness } from "../mcp/mcp-harness.ts";

export { errorOf, type Result } from "../mcp/mcp-harness.ts";

export interface CucTestBed {
  lab: LabHandle;
  h: McpHarness;
  cuc: LabHandle["nodes"][number];
  stop(): Promise<void>;
}

/** Starts lab + appliance with the cuc module; `env` adds or overrides .env lines. */
export async function startCucTestBed(env: Record<string, string> = {}): Promise<CucTestBed> {
  const { lab, cleanup } = await startTestLab();
  const cuc = lab.nodes.find((n) => n.name === "cuc-pub");
  if (!cuc) throw new Error("lab has no cuc-pub");
  const h = await startMcpHarness(
    "admin:sub-admin:admin,operator:sub-op:operator,auditor:sub-aud:auditor,nocred:sub-nc:operator",
    {
      SERVER_CUC_SSL_VERIFY: "True",
      SERVER_CUC_SSL_CA_BUNDLE: lab.caCertPath,
      SERVER_CUC_CUPI_TIMEOUT: "5",
      SERVER_CUC_SSH_TIMEOUT: "10",
      ...env,
    },
    [authLayer(), mcpLayer({ modules: [bridgeModule, createCucModule({ retrySleep: async () => {}, pageRows: 5 })] })],
  );
  for (const client of ["admin", "operator", "auditor"]) {
    const vault = openVault({ clientsDir: join(h.root, "clients"), client });
    vault.put("cuc", "cupi", cuc.ip, { ...lab.credentials.cupi, port: cuc.httpsPort });
    vault.put("cuc", "os", cuc.ip, { ...lab.credentials.os, port: cuc.sshPort });
  }
  return {
    lab,
    h,
    cuc,
    async stop() {
      await h.stop();
      await cleanup();
    },
  };
}
