/**
 * Demo provisioning: once the lab and the bridge run, stores the lab's credentials in the demo
 * client's vault (CUCM AXL/OS/phone, IM&P AXL/OS, Unity Connection CUPI/OS, each with the node's
 * port), trusts every lab node's SSH host key in the appliance-wide known-hosts store (the demo
 * is the one place where the fingerprint comes from a trusted source: the lab itself), and
 * writes demo.json so scripts can connect the same way a person does.
 */
import { join } from "node:path";
import type { ApplianceCore } from "../appliance/startup.ts";
import { SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import type { LabHandle } from "../lab/cluster.ts";
import { openKnownHosts } from "../modules/uc/known-hosts.ts";
import { openVault } from "../vault/vault.ts";
import { DEMO_CLIENT } from "./home.ts";

/** What demo.json holds (and what the CLI prints). */
export interface DemoInfo {
  url: string;
  token: string;
  caFile: string;
  client: string;
  cucmHost: string;
  labFile: string;
  mcpConfig: Record<string, unknown>;
  /** How to make a client trust the bridge's certificate. */
  note: string;
}

/** Stores the lab credentials and trusts the lab's SSH host keys for the demo client. */
export function provisionDemoClient(core: ApplianceCore, lab: LabHandle): void {
  const vault = openVault({
    clientsDir: core.paths.clientsDir,
    secretsDir: core.paths.secretsDir,
    client: DEMO_CLIENT,
  });
  const known = openKnownHosts(core.paths.secretsDir);
  const c = lab.credentials;
  for (const node of lab.nodes) {
    const https = { port: node.httpsPort };
    const os = { ...c.os, port: node.sshPort };
    if (node.product === "cucm") {
      vault.put("cucm", "axl", node.ip, { ...c.axl, ...https });
      vault.put("cucm", "os", node.ip, os);
      vault.put("cucm", "phone", node.ip, { ...c.phone, port: lab.summary.phones.webPort });
    } else if (node.product === "imp") {
      vault.put("imp", "axl", node.ip, { ...c.axl, ...https });
      vault.put("imp", "os", node.ip, os);
    } else {
      vault.put("cuc", "cupi", node.ip, { ...c.cupi, ...https });
      vault.put("cuc", "os", node.ip, os);
    }
    const fingerprint = lab.summary.nodes.find((n) => n.name === node.name)?.ssh.fingerprint;
    if (fingerprint !== undefined && known.trusted(node.ip, node.sshPort) !== fingerprint) {
      known.trust(node.ip, node.sshPort, fingerprint, DEMO_CLIENT);
      core.audit.event("fingerprint.trusted", {
        client: DEMO_CLIENT,
        host: node.ip,
        port: node.sshPort,
        fingerprint,
        source: "demo lab",
      });
    }
  }
}

/** Builds the connection info and writes `<home>/demo.json` (mode 600: it holds the token). */
export function writeDemoInfo(home: string, info: Omit<DemoInfo, "mcpConfig" | "note">): DemoInfo {
  const mcpConfig = {
    mcpServers: {
      "ai-bridge-demo": {
        type: "http",
        url: info.url,
        headers: { Authorization: `Bearer ${info.token}` },
      },
    },
  };
  const note = `Trust the appliance CA ${info.caFile} (NODE_EXTRA_CA_CERTS=${info.caFile} for Node-based clients, curl --cacert ${info.caFile}, SSL_CERT_FILE for others) or the client will refuse the bridge's certificate.`;
  const full: DemoInfo = { ...info, mcpConfig, note };
  writeFileAtomic(join(home, "demo.json"), `${JSON.stringify(full, null, 2)}\n`, { mode: SECRET_FILE_MODE });
  return full;
}
