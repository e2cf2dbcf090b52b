/**
 * B7: the size of tools/list as an agent receives it (compact JSON), per default profile, from
 * the appliance over HTTPS with the MCP SDK client. The admin profile sees every core tool; its
 * list must stay within 24 KB (the cap of test/mcp/tools-list-size.test.ts). The list with every
 * extra toolset switched on (bridge_toolsets) and the bytes per tool are reported too.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMcpHarness } from "../test/support/mcp-harness.ts";

const CAP_BYTES = 24 * 1024;
const h = await startMcpHarness("admin:sub-admin:admin,operator:sub-op:operator,auditor:sub-aud:auditor");
const rows: Array<Record<string, unknown>> = [];
try {
  for (const profile of ["admin", "operator", "auditor"]) {
    const { tools } = await (await h.v1(profile)).listTools();
    const bytes = Buffer.byteLength(JSON.stringify({ tools }), "utf8");
    rows.push({
      id: "b7",
      metric: `tools/list ${profile} (${tools.length} tools)`,
      value: bytes,
      unit: "bytes",
      ...(profile === "admin" ? { target: `<= ${CAP_BYTES}`, ok: bytes <= CAP_BYTES } : {}),
    });
    rows.push({
      id: "b7",
      metric: `tools/list ${profile} per tool`,
      value: Math.round(bytes / tools.length),
      unit: "bytes",
    });
  }
  const admin = await h.v1("admin");
  await admin.callTool({ name: "bridge_toolsets", arguments: { enable: ["serviceability", "logs"] } });
  const { tools } = await admin.listTools();
  rows.push({
    id: "b7",
    metric: `tools/list admin, every toolset on (${tools.length} tools)`,
    value: Buffer.byteLength(JSON.stringify({ tools }), "utf8"),
    unit: "bytes",
  });
} finally {
  await h.stop();
}
for (const r of rows) console.log(`${r.metric}: ${r.value} ${r.unit}`);
writeFileSync(join(import.meta.dir, "results-b7.json"), `${JSON.stringify(rows, null, 2)}\n`);
