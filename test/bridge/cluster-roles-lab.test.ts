/**
 * The cluster role parser of bridge_list_hosts reads what the lab's VOS CLI renders for
 * `show network cluster` (src/lab/vos-ssh/outputs-cluster.ts), so the MCP tests against the lab
 * exercise the same shape the parser was written for.
 */
import { describe, expect, test } from "bun:test";
import type { LabNode } from "../../src/lab/contracts.ts";
import { runCommand } from "../../src/lab/vos-ssh/commands.ts";
import { CLUSTER_COMMAND, parseNetworkCluster } from "../../src/modules/bridge/cluster-roles.ts";
import { labNodes } from "../support/lab-fixtures.ts";

const NODES = labNodes("127.10.0");

function labOutput(name: string): string {
  const node = NODES.find((n) => n.name === name) as LabNode;
  const result = runCommand(
    { node, version: "15.0.1.12900-34", cluster: NODES, now: () => new Date() },
    CLUSTER_COMMAND,
  );
  if (result.kind !== "output") throw new Error(`unexpected ${result.kind}`);
  return result.lines.join("\n");
}

describe("parseNetworkCluster on the lab's rendering", () => {
  test("the lab's publisher view: CUCM publisher and subscriber, IM&P's DBPub, the processnode block left out", () => {
    expect(parseNetworkCluster(labOutput("cucm-pub"))).toEqual([
      { ip: "127.10.0.11", fqdn: "cucm-pub.lab.example", hostname: "cucm-pub", product: "cucm", publisher: true },
      { ip: "127.10.0.12", fqdn: "cucm-sub1.lab.example", hostname: "cucm-sub1", product: "cucm", publisher: false },
      { ip: "127.10.0.21", fqdn: "imp-pub.lab.example", hostname: "imp-pub", product: "imp", publisher: true },
    ]);
    expect(parseNetworkCluster(labOutput("cuc-pub"))).toEqual([
      { ip: "127.10.0.31", fqdn: "cuc-pub.lab.example", hostname: "cuc-pub", product: "cuc", publisher: true },
    ]);
  });

  test("a subscriber's view lists the same members, without the processnode block", () => {
    expect(parseNetworkCluster(labOutput("cucm-sub1"))).toEqual(parseNetworkCluster(labOutput("cucm-pub")));
  });
});
