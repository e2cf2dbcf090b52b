/**
 * The lab summary: what `ai-bridge lab` prints and writes to `<state>/lab.json` for scripts and
 * agents (every node's role, product, address, full service URLs, SSH endpoint, credentials, the
 * CA file, and how to turn the fault knobs).
 */
import { join } from "node:path";
import { PUBLIC_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";
import type { LabCredentials, LabNode } from "./contracts.ts";

/** One node as lab.json describes it. */
export interface LabSummaryNode {
  name: string;
  role: LabNode["role"];
  product: LabNode["product"];
  ip: string;
  httpsPort: number;
  urls: Record<string, string>;
  ssh: { host: string; port: number; fingerprint?: string };
}

/** The content of lab.json. */
export interface LabSummary {
  dataSet: "small" | "enterprise";
  seed: number;
  subnet: string;
  caFile: string;
  credentials: LabCredentials;
  nodes: LabSummaryNode[];
  phones: { count: number; firstIp?: string; webPort?: number; note: string };
  knobs: { url: string; hostKeyUrl: string; auth: string; example: Record<string, unknown> };
  counts: { phones: number; lines: number; users: number };
}

/** What {@link buildSummary} needs from the running cluster. */
export interface SummaryInput {
  dataSet: LabSummary["dataSet"];
  seed: number;
  subnet: string;
  caFile: string;
  credentials: LabCredentials;
  nodes: LabNode[];
  /** True when the CUC node serves CUPI. */
  cupi: boolean;
  fingerprint(node: string): string | undefined;
  phones: LabSummary["phones"];
  counts: LabSummary["counts"];
}

/** Builds the summary: full service URLs per node, SSH endpoints, and how to turn the knobs. */
export function buildSummary(input: SummaryInput): LabSummary {
  const pub = input.nodes.find((n) => n.name === "cucm-pub") ?? input.nodes[0];
  const admin = pub ? `https://${pub.ip}:${pub.httpsPort}` : "";
  return {
    dataSet: input.dataSet,
    seed: input.seed,
    subnet: input.subnet,
    caFile: input.caFile,
    credentials: input.credentials,
    nodes: input.nodes.map((n) => ({
      name: n.name,
      role: n.role,
      product: n.product,
      ip: n.ip,
      httpsPort: n.httpsPort,
      urls: nodeUrls(n, input.cupi),
      ssh: { host: n.ip, port: n.sshPort, fingerprint: input.fingerprint(n.name) },
    })),
    phones: input.phones,
    knobs: {
      url: `${admin}/lab/knobs`,
      hostKeyUrl: `${admin}/lab/host-key`,
      auth: "Basic with the AXL credentials",
      example: { latencyMs: 200, axl503Count: 1, resetCount: 1, malformedCount: 1, axlMemoryFaultCount: 1 },
    },
    counts: input.counts,
  };
}

/** Every service URL of a node, in full. */
function nodeUrls(node: LabNode, cupi: boolean): Record<string, string> {
  const base = `https://${node.ip}:${node.httpsPort}`;
  if (node.product === "cucm") {
    return {
      axl: `${base}/axl/`,
      ris: `${base}/realtimeservice2/services/RISService70`,
      toolkit: `${base}/plugins/axlsqltoolkit.zip`,
    };
  }
  if (node.product === "imp") return { axl: `${base}/axl/` };
  return cupi ? { cupi: `${base}/vmrest/` } : {};
}

/** Writes lab.json (mode 0644) into the state directory; returns its path. */
export function writeSummary(stateDir: string, summary: LabSummary): string {
  const path = join(stateDir, "lab.json");
  writeFileAtomic(path, `${JSON.stringify(summary, null, 2)}\n`, { mode: PUBLIC_FILE_MODE });
  return path;
}

/** Human-readable lines for the terminal. */
export function summaryLines(summary: LabSummary, jsonPath: string): string[] {
  const lines = [`Cisco UC lab (${summary.dataSet} data set, seed ${summary.seed}) on ${summary.subnet}.0.0/16`];
  for (const node of summary.nodes) {
    lines.push(
      `  ${node.name.padEnd(9)} ${node.product.toUpperCase().padEnd(4)} ${node.role.padEnd(10)} ${node.ip}  https:${node.httpsPort} ssh:${node.ssh.port}`,
    );
    for (const [name, url] of Object.entries(node.urls)) lines.push(`      ${name.padEnd(8)} ${url}`);
  }
  const c = summary.credentials;
  lines.push(`  AXL/RIS  ${c.axl.username} / ${c.axl.password}`);
  lines.push(`  SSH      ${c.os.username} / ${c.os.password}`);
  lines.push(`  CUPI     ${c.cupi.username} / ${c.cupi.password}`);
  lines.push(`  Phones   ${c.phone.username} / ${c.phone.password}  (${summary.phones.note})`);
  lines.push(`  Knobs    POST ${summary.knobs.url} (JSON, ${summary.knobs.auth})`);
  lines.push(`  CA file  ${summary.caFile}`);
  lines.push(`  Summary  ${jsonPath}`);
  return lines;
}
