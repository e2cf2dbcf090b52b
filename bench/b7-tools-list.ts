/**
 * B7: the size of tools/list as an agent receives it (compact JSON), per default profile, from
 * the appliance over HTTPS with the MCP SDK client. The admin profile sees every tool; its list
 * must stay within 24 KB for 49 tools plus 450 bytes per tool added since (the cap of
 * test/mcp/tools-list-size.test.ts); the bytes per tool are reported too.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMcpHarness } from "../test/support/mcp-harness.ts";

const capFor = (tools: number) => 24 * 1024 + 450 * Math.max(0, tools - 49);
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
      ...(profile === "admin" ? { target: `<= ${capFor(tools.length)}`, ok: bytes <= capFor(tools.length) } : {}),
    });
    rows.push({
      id: "b7",
      metric: `tools/list ${profile} per tool`,
      value: Math.round(bytes / tools.length),
      unit: "bytes",
    });
  }
} finally {
  await h.stop();
}
for (const r of rows) console.log(`${r.metric}: ${r.value} ${r.unit}`);
writeFileSync(join(import.meta.dir, "results-b7.json"), `${JSON.stringify(rows, null, 2)}\n`);
